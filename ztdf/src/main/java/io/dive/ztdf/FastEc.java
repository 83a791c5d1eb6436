package io.dive.ztdf;

import java.security.Provider;
import java.security.Security;

/**
 * Where P-256 operations that leak nothing worth timing may run faster than in the JDK: BouncyCastle's
 * provider when the process registered it (Keycloak does, so the KAS gets it), else the JDK's default.
 * JDK 17's SunEC does each P-256 scalar multiplication without precomputed tables, and its ECDH
 * adds an n·Q multiplication per call: a KAS rewrap's EC work costs about 4× BouncyCastle's
 * (BENCHMARKS.md, "EC client keys at the KAS"). Only two uses qualify: verifying
 * a signature (public inputs only) and a key pair made for one exchange and dropped after it (its
 * one timing reveals nothing reusable). Long-term private keys stay with the JDK's constant-time code.
 */
public final class FastEc {

    static final String BOUNCY_CASTLE = "BC";

    private FastEc() {
    }

    /** BouncyCastle when registered (looked up per call: Keycloak registers it after start-up); null: the JDK's default. */
    public static Provider provider() {
        return Security.getProvider(BOUNCY_CASTLE);
    }
}
