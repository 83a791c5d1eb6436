package io.dive.kas.rewrap;

import io.dive.model.SafeText;
import io.dive.opa.Decision;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Step 5: what one key access object got, three ways — the result for the client (permit with the
 * rewrapped key, or fail with a generic message and the failure kind), the log (the detail, for
 * operators, with request values escaped) and one audit record.
 */
final class RewrapReport {

    private static final Logger LOG = Logger.getLogger(RewrapReport.class);
    static final String INTERNAL = "INTERNAL";

    private final Caller caller;
    private final String requestId;
    private final long started = System.nanoTime();

    RewrapReport(Caller caller, String requestId) {
        this.caller = caller;
        this.requestId = requestId;
    }

    String requestId() {
        return requestId;
    }

    RewrapResponse.KeyAccessResult permit(KasAudit.Document document, RewrapRequest.KeyAccessItem item, byte[] wrapped,
            Decision decision) {
        audit(document, item, null, decision.reasons(), decision.decisionId(), null);
        return RewrapResponse.KeyAccessResult.permit(item.keyAccessObjectId(), Base64.getEncoder().encodeToString(wrapped));
    }

    /** @param decisionId OPA's decision id when OPA decided (a deny), else null */
    RewrapResponse.KeyAccessResult fail(KasAudit.Document document, RewrapRequest.KeyAccessItem item, KasFailure failure,
            String decisionId) {
        // The client gets a generic message; the detail is for operators. Denials are in the audit.
        if (failure.kind() == KasFailure.Kind.ACCESS_DENIED) {
            LOG.debugf("DIVE KAS %s %s/%s kid=%s: %s", failure.kind(), SafeText.of(document.policyId()),
                    SafeText.of(item.keyAccessObjectId()), SafeText.of(item.keyAccessObject().kid()), failure.logDetail());
        } else {
            LOG.warnf("DIVE KAS %s in realm %s for %s/%s kid=%s: %s", failure.kind(), caller.realm(),
                    SafeText.of(document.policyId()), SafeText.of(item.keyAccessObjectId()),
                    SafeText.of(item.keyAccessObject().kid()), failure.logDetail());
        }
        audit(document, item, failure.kind().name(), failure.reasons(), decisionId, failure.tamper());
        return RewrapResponse.KeyAccessResult.fail(item.keyAccessObjectId(), failure.clientMessage(),
                new RewrapResponse.Metadata(failure.kind().name(), failure.reasons().stream()
                        .map(reason -> new RewrapResponse.Reason(reason.code(), reason.message())).toList()));
    }

    /** A defect of the KAS itself: logged with its stack trace, answered as a plain bad request. */
    RewrapResponse.KeyAccessResult internal(KasAudit.Document document, RewrapRequest.KeyAccessItem item, RuntimeException e) {
        LOG.errorf(e, "DIVE KAS unexpected error for %s/%s", SafeText.of(document.policyId()), SafeText.of(item.keyAccessObjectId()));
        audit(document, item, INTERNAL, List.of(), null, null);
        return RewrapResponse.KeyAccessResult.fail(item.keyAccessObjectId(), KasFailure.Kind.BAD_REQUEST.clientMessage(),
                new RewrapResponse.Metadata(INTERNAL, null));
    }

    private void audit(KasAudit.Document document, RewrapRequest.KeyAccessItem item, String failure,
            List<Decision.Reason> reasons, String decisionId, KasFailure.Tamper tamper) {
        KasAudit.record(new KasAudit.Entry(caller.realm(), requestId, caller.requester(), document,
                item.keyAccessObject().kid(), item.keyAccessObjectId(), failure == null ? "PERMIT" : "DENY", failure, reasons,
                caller.clientAddress(), caller.keyProviderId(), caller.kasUrl(), decisionId,
                (System.nanoTime() - started) / 1_000_000, tamper));
    }
}
