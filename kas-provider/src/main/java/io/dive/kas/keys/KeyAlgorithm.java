package io.dive.kas.keys;

import java.util.Optional;

/** The KAS key algorithms, by their OpenTDF names (the {@code algorithm} request parameter). */
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

    /** {@code rsa:2048} (also the default for an empty name) or {@code ec:secp256r1}. */
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
}
