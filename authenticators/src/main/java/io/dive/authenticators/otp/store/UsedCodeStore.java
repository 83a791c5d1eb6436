package io.dive.authenticators.otp.store;

import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * One-time codes already accepted, cluster-wide: a code is claimed with {@code SET NX} at
 * {@code <prefix>otp:used:<realm>:<user>:<code>}, so of two nodes given the same code at once only
 * one accepts it. The claim expires when the code could no longer be valid anyway.
 */
public final class UsedCodeStore extends OtpKeyspace {

    public UsedCodeStore(UnifiedJedis redis, String keyPrefix) {
        super(redis, keyPrefix);
    }

    /**
     * Claims a one-time code for a user, atomically across every node sharing this Redis: true for
     * the first caller only, for as long as the code could still be valid.
     */
    public boolean claim(String realmId, String userId, String code, Duration validity) {
        return "OK".equals(redis.set(key("used", realmId, userId, code), "1", SetParams.setParams().nx().px(validity.toMillis())));
    }
}
