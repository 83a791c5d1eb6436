package io.dive.support.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret OPA's decision-log plugin presents as a bearer token. Compared as SHA-256
 * digests in constant time; unset, every decision-log request is refused.
 */
final class DecisionLogToken {

    private final byte[] digest;

    DecisionLogToken(String token) {
        this.digest = token == null || token.isBlank() ? null : sha256(token.strip());
    }

    boolean configured() {
        return digest != null;
    }

    boolean matches(String authorization) {
        if (digest == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
