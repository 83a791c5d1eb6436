package io.dive.opa;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The input of a DIVE decision — the public contract of SPEC §6. Absent values are left out of the
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
     * marking no longer issued (the token's claim), absent otherwise.
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
            String clearanceStatus) {

        /** A subject whose clearance is current (no {@code clearanceStatus}). */
        public Subject(String uniqueID, String clearance, String clearanceOriginal, String clearanceCountry,
                String countryOfAffiliation, List<String> acpCOI, String organizationType, String acr, List<String> amr,
                Long authTime, String issuer) {
            this(uniqueID, clearance, clearanceOriginal, clearanceCountry, countryOfAffiliation, acpCOI, organizationType,
                    acr, amr, authTime, issuer, null);
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

    /** When (RFC 3339) and under which request id the decision is asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Context(String time, String requestId) {
    }
}
