package io.dive.kas.rewrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.opa.Decision;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One audit record per key access decision, as a JSON line on the {@code io.dive.kas.audit} log
 * category (the MongoDB audit store of SPEC §8 consumes the same record). No key material, no token.
 */
final class KasAudit {

    private static final Logger AUDIT = Logger.getLogger("io.dive.kas.audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one key access object asked for and what it got. */
    record Entry(String realm, String requestId, String subject, String issuer, String policyId, String kid,
            String keyAccessObjectId, String outcome, String failure, List<Decision.Reason> reasons, String clientAddress,
            String keyProvider) {
    }

    static void record(Entry entry) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.now().toString()).put("event", "KEY_ACCESS").put("realm", entry.realm())
                .put("requestId", entry.requestId()).put("subject", entry.subject()).put("issuer", entry.issuer())
                .put("policyId", entry.policyId()).put("kid", entry.kid()).put("keyAccessObjectId", entry.keyAccessObjectId())
                .put("outcome", entry.outcome()).put("failure", entry.failure()).put("clientAddress", entry.clientAddress())
                .put("keyProvider", entry.keyProvider());
        var reasons = line.putArray("reasons");
        entry.reasons().forEach(reason -> reasons.add(reason.code()));
        AUDIT.info(line.toString());
    }

    private KasAudit() {
    }
}
