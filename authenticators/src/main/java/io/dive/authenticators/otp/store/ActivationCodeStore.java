package io.dive.authenticators.otp.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * One-time activation codes of the {@code activation-code} enrollment gate, issued by an
 * administrator, at {@code <prefix>otp:activation:<realm>:<user>}. Only a salted SHA-256 of a code
 * is stored; a new code replaces an older one; a code is consumed by its first correct use.
 */
public final class ActivationCodeStore extends OtpKeyspace {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public ActivationCodeStore(UnifiedJedis redis, String keyPrefix) {
        super(redis, keyPrefix);
    }

    /** Issues a new activation code for the user, valid for {@code ttl}; returns it (shown once). */
    public String issue(String realmId, String userId, Duration ttl) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        String code = base32(random);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        redis.set(activationKey(realmId, userId), "v1:" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash(salt, code)), SetParams.setParams().px(ttl.toMillis()));
        return code;
    }

    /**
     * Consumes the user's activation code if {@code presented} matches it: true once; a wrong code
     * leaves the stored one in place, a used one is gone.
     */
    public boolean consume(String realmId, String userId, String presented) {
        String key = activationKey(realmId, userId);
        String stored = redis.get(key);
        if (stored == null || presented == null || !stored.startsWith("v1:")) {
            return false;
        }
        String[] parts = stored.split(":");
        if (parts.length != 3) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        String normalized = presented.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
        if (!MessageDigest.isEqual(Base64.getDecoder().decode(parts[2]), hash(salt, normalized))) {
            return false;
        }
        // DEL decides between two concurrent presenters of the right code: only one deletes it.
        return redis.del(key) == 1;
    }

    private String activationKey(String realmId, String userId) {
        return key("activation", realmId, userId);
    }

    private static byte[] hash(byte[] salt, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(code.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
