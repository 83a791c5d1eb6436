package io.dive.ztdf;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * The key algorithms of OpenTDF by their names ({@code rsa:2048}, {@code ec:secp256r1}): of a KAS
 * key (the public-key {@code algorithm} parameter), of the key access objects wrapped to it, and of
 * the client key a KAS rewraps to. One enum for the KAS, the file format and the client.
 */
public enum KeyAlgorithm {
    RSA_2048("rsa:2048"),
    EC_P256("ec:secp256r1");

    private final String openTdfName;

    KeyAlgorithm(String openTdfName) {
        this.openTdfName = openTdfName;
    }

    public String openTdfName() {
        return openTdfName;
    }

    /** The key access object type of keys wrapped to a key of this algorithm. */
    public KeyAccessType keyAccessType() {
        return this == RSA_2048 ? KeyAccessType.WRAPPED : KeyAccessType.EC_WRAPPED;
    }

    /** {@code rsa:2048} (also for an empty or absent name, and {@code rsa}), {@code ec:secp256r1} or {@code ec}. */
    public static Optional<KeyAlgorithm> fromOpenTdfName(String name) {
        if (name == null || name.isEmpty() || "rsa".equals(name)) {
            return Optional.of(RSA_2048);
        }
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.openTdfName.equals(name)) {
                return Optional.of(algorithm);
            }
        }
        return "ec".equals(name) ? Optional.of(EC_P256) : Optional.empty();
    }

    /** The algorithm of an RSA or EC public key (its size or curve is checked where it is used). */
    public static KeyAlgorithm of(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return RSA_2048;
        }
        if (key instanceof ECPublicKey) {
            return EC_P256;
        }
        throw new IllegalArgumentException("neither an RSA nor an EC key: " + key.getAlgorithm());
    }

    /** A fresh key pair of this algorithm (RSA-2048 generation costs tens of milliseconds). */
    public KeyPair newKeyPair() throws GeneralSecurityException {
        if (this == EC_P256) {
            return KeyWrapping.newEcKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
