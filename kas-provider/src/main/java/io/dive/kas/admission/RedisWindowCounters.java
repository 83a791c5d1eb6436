package io.dive.kas.admission;

import io.dive.redis.RedisProvider;
import java.time.Duration;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * {@link WindowCounters} in the DIVE Redis (under its key prefix): INCR and PEXPIRE on this
 * window's counter and GET of the previous one, pipelined (commands the DIVE Redis user may run).
 */
public final class RedisWindowCounters implements WindowCounters {

    private final RedisProvider redis;

    public RedisWindowCounters(RedisProvider redis) {
        this.redis = redis;
    }

    @Override
    public Counts hit(String current, String previous, Duration ttl) {
        String prefix = redis.settings().keyPrefix();
        try (AbstractPipeline pipeline = redis.client().pipelined()) {
            Response<Long> count = pipeline.incr(prefix + current);
            pipeline.pexpire(prefix + current, ttl.toMillis());
            Response<String> before = pipeline.get(prefix + previous);
            pipeline.sync();
            String earlier = before.get();
            return new Counts(count.get(), earlier == null ? 0 : Long.parseLong(earlier));
        }
    }
}
