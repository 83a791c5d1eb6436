package io.dive.ztdf;

import java.util.Optional;

/**
 * The key access object {@code type}: {@code wrapped} (the data key under RSA-OAEP) or
 * {@code ec-wrapped} (under AES-256-GCM with a key agreed by ECDH with an ephemeral key).
 */
public enum KeyAccessType {
    WRAPPED("wrapped"),
    EC_WRAPPED("ec-wrapped");

    private final String jsonName;

    KeyAccessType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in a key access object's {@code type} field. */
    public String jsonName() {
        return jsonName;
    }

    /** The algorithm of the KAS key this type of object is wrapped to. */
    public KeyAlgorithm algorithm() {
        return this == WRAPPED ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256;
    }

    public static Optional<KeyAccessType> fromJsonName(String name) {
        for (KeyAccessType type : values()) {
            if (type.jsonName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
