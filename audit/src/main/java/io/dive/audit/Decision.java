package io.dive.audit;

import java.time.Instant;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One decision the OPA sidecar made, from its decision log (input already masked by the bundle's
 * {@code system.log.mask}); only these typed fields are kept.
 *
 * @param id OPA's {@code decision_id} (a re-sent log batch cannot duplicate)
 * @param path the rule path asked, e.g. {@code dive/kas/decision}
 * @param requestId the caller's {@code context.requestId} (the KAS's request id)
 * @param correlationId the caller's session id when the input carries one
 * @param erased the input paths OPA's mask removed
 */
public record Decision(@BsonId String id, Instant timestamp, String path, String requestId, String correlationId,
        String subject, String country, String clearance, String action, String resource, String classification,
        String outcome, List<String> reasons, List<String> erased, String bundleRevision) implements AuditRecord {
}
