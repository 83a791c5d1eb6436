package io.dive.model;

import java.util.List;
import java.util.Optional;

/**
 * The one mapping of authentication assurance used by Keycloak and by policy alike:
 * {@code acr} "1" = password only (AAL1), "2" = password + OTP (AAL2), "3" = phishing-resistant
 * (AAL3), with the {@code amr} values each implies.
 */
public enum AuthenticationAssurance {
    AAL1("1", List.of("pwd")),
    AAL2("2", List.of("pwd", "otp")),
    AAL3("3", List.of("pwd", "hwk"));

    private final String acr;
    private final List<String> amr;

    AuthenticationAssurance(String acr, List<String> amr) {
        this.acr = acr;
        this.amr = amr;
    }

    public String acr() {
        return acr;
    }

    public List<String> amr() {
        return amr;
    }

    /**
     * The assurance an {@code acr} value stands for. Keycloak's "0" (a session reused through SSO,
     * no fresh authentication) keeps the methods of the original password login, AAL1.
     */
    public static Optional<AuthenticationAssurance> fromAcr(String acr) {
        if ("0".equals(acr)) {
            return Optional.of(AAL1);
        }
        for (AuthenticationAssurance assurance : values()) {
            if (assurance.acr.equals(acr)) {
                return Optional.of(assurance);
            }
        }
        return Optional.empty();
    }
}
