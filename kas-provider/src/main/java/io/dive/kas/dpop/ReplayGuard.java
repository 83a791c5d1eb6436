package io.dive.kas.dpop;

import io.dive.redis.RedisProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import redis.clients.jedis.params.SetParams;

/**
 * Remembers the DPoP proofs already used, so that each is accepted once — on any node of a cluster.
 * The Redis implementation sets {@code <prefix>dpop:<sha256(jkt:jti)>} with {@code SET NX EX}: the
 * first node to set it wins, every later presentation of the same proof is a replay.
 */
@FunctionalInterface
public interface ReplayGuard {

    /**
     * True the first time {@code jti} is seen for the key {@code thumbprint} within {@code ttl}.
     *
     * @throws DpopRefusal unavailable when the store cannot answer (fail closed)
     */
    boolean firstUse(String thumbprint, String jti, Duration ttl) throws DpopRefusal;

    /** The shared DIVE Redis (the {@code dive-redis} SPI). */
    static ReplayGuard redis(RedisProvider redis) {
        return (thumbprint, jti, ttl) -> {
            if (redis == null) {
                throw DpopRefusal.unavailable("the DPoP replay check is unavailable (no dive-redis provider); retry later");
            }
            String key = redis.settings().keyPrefix() + "dpop:" + sha256(thumbprint + ":" + jti);
            try {
                return "OK".equals(redis.client().set(key, "1", SetParams.setParams().nx().ex(Math.max(1, ttl.toSeconds()))));
            } catch (RuntimeException e) {
                throw DpopRefusal.unavailable("the DPoP replay check is unavailable (Redis: " + e.getClass().getSimpleName()
                        + "); retry later");
            }
        };
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
