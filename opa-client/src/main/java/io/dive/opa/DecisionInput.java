package io.dive.opa;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The input of a DIVE decision — the public contract. Absent values are left out of the
 * JSON (never sent as {@code null}): an absent {@code clearance} means uncleared, a {@code null} one
 * would be malformed input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionInput(Subject subject, String action, Resource resource, Context context) {

    public DecisionInput {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }

    /**
     * The subject, from the verified token's claims. {@code clearanceStatus} is {@code "legacy"} for a
     * marking no longer issued (the token's claim), absent otherwise. {@code idp} is the broker IdP alias
     * the user logged in through (the token's claim; absent for local users): OPA checks what it may assert.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subject(
            String uniqueID,
            String clearance,
            String clearanceOriginal,
            String clearanceCountry,
            String countryOfAffiliation,
            List<String> acpCOI,
            String organizationType,
            String acr,
            List<String> amr,
            @JsonProperty("auth_time") Long authTime,
            String issuer,
            String clearanceStatus,
            String idp) {

        /** A subject whose clearance is current (no {@code clearanceStatus}). */
        public Subject(String uniqueID, String clearance, String clearanceOriginal, String clearanceCountry,
                String countryOfAffiliation, List<String> acpCOI, String organizationType, String acr, List<String> amr,
                Long authTime, String issuer) {
            this(uniqueID, clearance, clearanceOriginal, clearanceCountry, countryOfAffiliation, acpCOI, organizationType,
                    acr, amr, authTime, issuer, null, null);
        }
    }

    /** The resource, from its security label (or the ZTDF policy). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(
            String resourceId,
            String classification,
            List<String> releasableTo,
            List<String> coi,
            String coiOperator,
            List<String> caveats,
            String creationDate,
            String embargoUntil,
            Boolean releasableToIndustry,
            String originatingCountry,
            Boolean encrypted,
            Boolean integrityVerified) {
    }

    /**
     * When (RFC 3339) and under which request id the decision is asked for, and the Keycloak session
     * ({@code sid} of the caller's token) it belongs to: the audit's correlation id (OPA's decision
     * log keeps it; no policy reads it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Context(String time, String requestId, String sessionId) {

        /** A context without a session (a caller whose token names none). */
        public Context(String time, String requestId) {
            this(time, requestId, null);
        }
    }
}
