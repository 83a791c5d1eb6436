package io.dive.kas.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** Key ids derived from the public key, so that the same key always has the same kid. */
public final class KeyIds {

    private KeyIds() {
    }

    /** {@code <prefix>-<first 8 bytes of SHA-256(SPKI) in hex>}. */
    public static String of(String prefix, PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return prefix + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
