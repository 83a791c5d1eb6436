package io.dive.ztdf;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Wraps the data key for one KAS key. */
public interface KeyWrapper {

    /** A wrapped key and, for {@code ec-wrapped}, the ephemeral public key (PEM) the KAS needs. */
    record Wrapped(byte[] wrappedKey, String ephemeralPublicKey) {
    }

    /** The key access object type: {@code wrapped} (RSA) or {@code ec-wrapped}. */
    KeyAccessType type();

    Wrapped wrap(byte[] dataKey) throws GeneralSecurityException;

    /** The wrapper for a KAS key of {@code algorithm} ({@code oaepHash} for RSA keys only). */
    static KeyWrapper of(KeyAlgorithm algorithm, PublicKey kasPublicKey, KeyWrapping.OaepHash oaepHash) {
        return algorithm == KeyAlgorithm.EC_P256 ? ecWrapped(kasPublicKey) : rsaOaep(kasPublicKey, oaepHash);
    }

    /**
     * RSA-OAEP, the {@code wrapped} type. OpenTDF SDKs use SHA-1 (so their KAS and tools read DIVE
     * files); keys held in Google Cloud KMS use SHA-256. The KAS fixes the hash per key id.
     */
    static KeyWrapper rsaOaep(PublicKey kasPublicKey, KeyWrapping.OaepHash hash) {
        if (!(kasPublicKey instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("rsaOaep needs an RSA public key");
        }
        return new KeyWrapper() {
            @Override
            public KeyAccessType type() {
                return KeyAccessType.WRAPPED;
            }

            @Override
            public Wrapped wrap(byte[] dataKey) throws GeneralSecurityException {
                return new Wrapped(KeyWrapping.rsaOaepWrap(kasPublicKey, hash, dataKey), null);
            }
        };
    }

    /** ECDH with a fresh ephemeral key, HKDF-SHA256 and AES-256-GCM: the {@code ec-wrapped} type. */
    static KeyWrapper ecWrapped(PublicKey kasPublicKey) {
        if (!(kasPublicKey instanceof ECPublicKey)) {
            throw new IllegalArgumentException("ecWrapped needs an EC public key");
        }
        return new KeyWrapper() {
            @Override
            public KeyAccessType type() {
                return KeyAccessType.EC_WRAPPED;
            }

            @Override
            public Wrapped wrap(byte[] dataKey) throws GeneralSecurityException {
                KeyPair ephemeral = KeyWrapping.newEcKeyPair();
                byte[] wrappingKey = KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(ephemeral.getPrivate(), kasPublicKey));
                try {
                    return new Wrapped(KeyWrapping.seal(wrappingKey, dataKey), Pem.publicKey(ephemeral.getPublic()));
                } finally {
                    java.util.Arrays.fill(wrappingKey, (byte) 0);
                }
            }
        };
    }
}
