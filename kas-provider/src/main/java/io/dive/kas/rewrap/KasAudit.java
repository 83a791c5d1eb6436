package io.dive.kas.rewrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.SafeText;
import io.dive.opa.Decision;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SecurityLabel;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One audit record per key access decision, as a JSON line on the {@code io.dive.kas.audit} log
 * category (the MongoDB audit store of SPEC §8 takes the same {@link Entry}). No key material, no
 * token; request-derived strings are bounded ({@link SafeText}) and JSON-escaped.
 */
final class KasAudit {

    private static final Logger AUDIT = Logger.getLogger("io.dive.kas.audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The document a key access object belongs to, as its policy says: the client's label for the
     * policy in the request and, when the policy decodes, its own uuid and security label (bound to
     * the key by the policy binding, which a permit has verified).
     */
    record Document(String policyId, String policyUuid, SecurityLabel label) {
        static Document of(RewrapRequest.Policy policy, PolicyObject decoded) {
            return new Document(policy.id(), decoded == null ? null : decoded.uuid(), decoded == null ? null : decoded.label());
        }
    }

    /** What one key access object asked for and what it got. */
    record Entry(String realm, String requestId, Requester requester, Document document, String kid,
            String keyAccessObjectId, String outcome, String failure, List<Decision.Reason> reasons, String clientAddress,
            String keyProvider) {
    }

    static void record(Entry entry) {
        AUDIT.info(line(entry));
    }

    /** The JSON line of {@code entry}. */
    static String line(Entry entry) {
        Requester requester = entry.requester();
        Document document = entry.document();
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.now().toString()).put("event", "KEY_ACCESS").put("realm", entry.realm())
                .put("requestId", entry.requestId()).put("subject", requester.subjectId()).put("sub", requester.sub())
                .put("azp", requester.authorizedParty()).put("jti", requester.tokenId()).put("issuer", requester.issuer())
                .put("policyId", SafeText.of(document.policyId())).put("policyUuid", bounded(document.policyUuid()));
        SecurityLabel label = document.label();
        if (label != null) {
            line.put("classification", label.classification());
            strings(line.putArray("releasableTo"), label.releasableTo());
            strings(line.putArray("coi"), label.coi());
            strings(line.putArray("caveats"), label.caveats());
        }
        line.put("kid", SafeText.of(entry.kid())).put("keyAccessObjectId", SafeText.of(entry.keyAccessObjectId()))
                .put("outcome", entry.outcome()).put("failure", entry.failure()).put("clientAddress", entry.clientAddress())
                .put("keyProvider", entry.keyProvider());
        strings(line.putArray("reasons"), entry.reasons().stream().map(Decision.Reason::code).toList());
        return line.toString();
    }

    private static String bounded(String value) {
        return value == null ? null : SafeText.of(value);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private KasAudit() {
    }
}
