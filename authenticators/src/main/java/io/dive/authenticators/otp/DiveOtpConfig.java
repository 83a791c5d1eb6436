package io.dive.authenticators.otp;

import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;

/** Typed view of the "DIVE: OTP (enrol or verify)" authenticator's configuration. */
public record DiveOtpConfig(int maxAttempts) {

    /** Config key: wrong codes allowed on one pending enrollment before it is discarded. */
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public DiveOtpConfig {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + " must be 1-100, was " + maxAttempts);
        }
    }

    public static DiveOtpConfig from(AuthenticatorConfigModel model) {
        return from(model == null ? null : model.getConfig());
    }

    static DiveOtpConfig from(Map<String, String> config) {
        String raw = config == null ? null : config.get(MAX_ATTEMPTS);
        if (raw == null || raw.isBlank()) {
            return new DiveOtpConfig(DEFAULT_MAX_ATTEMPTS);
        }
        try {
            return new DiveOtpConfig(Integer.parseInt(raw.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + " must be a whole number, was '" + raw + "'", e);
        }
    }
}
