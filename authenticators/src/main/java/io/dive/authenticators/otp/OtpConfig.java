package io.dive.authenticators.otp;

import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;

/** Typed view of the "DIVE: OTP (enroll or verify)" authenticator's configuration (Keycloak authenticator config). */
public record OtpConfig(int maxAttempts, Gate enrollmentGate) {

    /** Who may start an enrollment. */
    public enum Gate {
        /** Anyone who passed the password step (the demo realm's choice: a password thief may enroll). */
        OPEN("open"),
        /** Only with a one-time activation code issued by an administrator (the default). */
        ACTIVATION_CODE("activation-code");

        private final String value;

        Gate(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static Gate parse(String raw) {
            for (Gate gate : values()) {
                if (gate.value.equals(raw.strip())) {
                    return gate;
                }
            }
            throw new IllegalArgumentException(ENROLLMENT_GATE + " must be open or activation-code, was '" + raw + "'");
        }
    }

    /** Config key: the enrollment gate. */
    public static final String ENROLLMENT_GATE = "enrollmentGate";

    /** Without a configured gate, a password alone never starts an enrollment. */
    public static final Gate DEFAULT_GATE = Gate.ACTIVATION_CODE;

    /** Config key: wrong codes allowed on one pending enrollment before it is discarded. */
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public OtpConfig {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + " must be 1-100, was " + maxAttempts);
        }
    }

    public static OtpConfig from(AuthenticatorConfigModel model) {
        return from(model == null ? null : model.getConfig());
    }

    static OtpConfig from(Map<String, String> config) {
        String raw = config == null ? null : config.get(MAX_ATTEMPTS);
        String gate = config == null ? null : config.get(ENROLLMENT_GATE);
        Gate enrollmentGate = gate == null || gate.isBlank() ? DEFAULT_GATE : Gate.parse(gate);
        if (raw == null || raw.isBlank()) {
            return new OtpConfig(DEFAULT_MAX_ATTEMPTS, enrollmentGate);
        }
        try {
            return new OtpConfig(Integer.parseInt(raw.strip()), enrollmentGate);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + " must be a whole number, was '" + raw + "'", e);
        }
    }
}
