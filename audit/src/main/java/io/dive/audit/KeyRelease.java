package io.dive.audit;

import java.time.Instant;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One key access object the KAS answered (permit or fail).
 *
 * @param resource the policy's uuid (when it decodes), else the client's policy id
 * @param policyHash SHA-256 (hex) of the policy as sent: identifies the exact policy, reveals nothing of a key
 * @param releasableToIndustry the label's industry releasability (null when the policy did not decode)
 * @param embargoUntil the label's embargo (RFC 3339), null when none
 * @param failure the failure kind of a refusal, null for a permit
 * @param reasons OPA's reason codes
 * @param decisionId OPA's decision id, null when OPA was not asked or logging is off
 * @param latencyMillis time from request start to this answer
 */
public record KeyRelease(@BsonId String id, Instant timestamp, String realm, String correlationId, String requestId,
        String kasUrl, String kid, String keyProvider, String policyId, String resource, String policyHash,
        String classification, List<String> releasableTo, List<String> coi, List<String> caveats,
        Boolean releasableToIndustry, String embargoUntil, String subject,
        String country, String clearance, String acr, List<String> amr, String issuer, String outcome, String failure,
        List<String> reasons, String decisionId, String clientAddress, long latencyMillis) implements AuditRecord {

    public static final String PERMIT = "PERMIT";
    public static final String DENY = "DENY";
}
