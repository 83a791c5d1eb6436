package io.dive.authenticators.otp.store;

import io.dive.support.metrics.DiveMeters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Pending TOTP secrets of users who are enrolling, and the wrong codes counted against each, held in
 * Redis so that an enrollment started on one Keycloak node can finish on another.
 *
 * <p>A pending secret is stored under a namespaced key bound to realm, user and authentication
 * session, with a TTL, and encrypted at rest with AES-GCM under a key Keycloak holds; the key name
 * is the GCM additional data, so a value copied to another user's key does not decrypt. The failure
 * count lives next to it ({@code <key>:failures}) and expires with it; both keys carry the binding as
 * their hash tag, so in a Redis Cluster they share a slot and are discarded by one {@code DEL}. Nothing here depends on
 * Keycloak: the store is usable (and tested) against any Redis.
 */
public final class PendingSecretStore extends OtpKeyspace {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ERRORS = "dive.otp.pending.secret.store.errors";
    private static final String ERRORS_HELP = "Pending-secret store operations that failed in Redis, by operation";
    private static final String[] OPERATIONS = {"save", "load", "delete", "count_failure", "reset_failures", "discard"};

    public PendingSecretStore(UnifiedJedis redis, String keyPrefix) {
        super(redis, keyPrefix);
    }

    /** Where one enrollment's pending secret lives: realm, user and authentication session. */
    public record Binding(String realmId, String userId, String authSessionId) {
        public Binding {
            for (String part : new String[] {realmId, userId, authSessionId}) {
                if (part == null || part.isEmpty() || part.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("binding parts must be non-empty and contain no ':'");
                }
            }
        }
    }

    /** The Redis key of a binding's pending secret: {@code <prefix>otp:pending:{<realm>:<user>:<session>}}. */
    public String key(Binding binding) {
        return taggedKey("pending", binding.realmId(), binding.userId(), binding.authSessionId());
    }

    /** Declares the error counter of every operation at 0, so that an alert's {@code increase()} sees the first error. */
    public static void declareMeters() {
        for (String operation : OPERATIONS) {
            DiveMeters.declare(ERRORS, ERRORS_HELP, "operation", operation);
        }
    }

    /** Runs one operation's Redis commands; a failure is counted by operation and passed on. */
    private static <T> T counted(String operation, Supplier<T> commands) {
        try {
            return commands.get();
        } catch (RuntimeException e) {
            DiveMeters.count(ERRORS, ERRORS_HELP, "operation", operation);
            throw e;
        }
    }

    /** Stores (or replaces) the pending secret, encrypted, for {@code ttl}. */
    public void save(Binding binding, byte[] secret, SecretKey key, Duration ttl) {
        String redisKey = key(binding);
        String encrypted = encrypt(secret, key, redisKey);
        counted("save", () -> redis.set(redisKey, encrypted, SetParams.setParams().px(ttl.toMillis())));
    }

    /**
     * The pending secret, if one exists, has not expired and decrypts under {@code key}; a value that
     * does not decrypt (tampered, or moved from another binding) counts as absent.
     */
    public Optional<byte[]> load(Binding binding, SecretKey key) {
        String redisKey = key(binding);
        String stored = counted("load", () -> redis.get(redisKey));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(decrypt(stored, key, redisKey));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Deletes the pending secret; true if there was one. */
    public boolean delete(Binding binding) {
        return counted("delete", () -> redis.del(key(binding))) > 0;
    }

    /** Counts a failed code for the binding; the count expires with the pending secret. */
    public long countFailure(Binding binding, Duration ttl) {
        String redisKey = failuresKey(binding);
        return counted("count_failure", () -> {
            long failures = redis.incr(redisKey);
            redis.pexpire(redisKey, ttl.toMillis());
            return failures;
        });
    }

    /** Forgets failures, e.g. when a fresh enrollment starts. */
    public void resetFailures(Binding binding) {
        counted("reset_failures", () -> redis.del(failuresKey(binding)));
    }

    /** Ends the enrollment (completed, or discarded after too many wrong codes): secret and count go together. */
    public void discard(Binding binding) {
        counted("discard", () -> redis.del(key(binding), failuresKey(binding)));
    }

    /** The key counting the binding's wrong codes (same hash tag as {@link #key(Binding)}). */
    public String failuresKey(Binding binding) {
        return key(binding) + ":failures";
    }

    static String encrypt(byte[] secret, SecretKey key, String associatedData) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return "v1." + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    static byte[] decrypt(String stored, SecretKey key, String associatedData) throws GeneralSecurityException {
        if (!stored.startsWith("v1.")) {
            throw new IllegalArgumentException("unknown pending secret format");
        }
        byte[] sealed = Base64.getDecoder().decode(stored.substring(3));
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("pending secret too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    }
}
