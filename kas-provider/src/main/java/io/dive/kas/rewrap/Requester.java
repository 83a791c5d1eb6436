package io.dive.kas.rewrap;

import io.dive.opa.DecisionInput;
import java.util.Objects;

/**
 * Who asks, from the verified bearer token alone (no user lookup).
 *
 * @param issuer the token's issuer
 * @param subjectId for the audit: the {@code uniqueID} claim, else {@code sub}
 * @param sub the token's {@code sub}
 * @param authorizedParty the token's {@code azp}: the client it was issued to
 * @param tokenId the token's {@code jti}
 * @param subject the token's claims as OPA's {@code input.subject}
 * @param sessionId the token's {@code sid}: the Keycloak session of the login (the audit's correlation id)
 */
public record Requester(String issuer, String subjectId, String sub, String authorizedParty, String tokenId,
        DecisionInput.Subject subject, String sessionId) {
    public Requester {
        Objects.requireNonNull(issuer, "issuer");
        subjectId = subjectId == null ? "" : subjectId;
        Objects.requireNonNull(subject, "subject");
    }

    /** A requester whose token names no session. */
    public Requester(String issuer, String subjectId, String sub, String authorizedParty, String tokenId,
            DecisionInput.Subject subject) {
        this(issuer, subjectId, sub, authorizedParty, tokenId, subject, null);
    }
}
