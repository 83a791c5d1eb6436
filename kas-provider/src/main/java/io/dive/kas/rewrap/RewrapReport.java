package io.dive.kas.rewrap;

import io.dive.opa.Decision;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Step 5: what one key access object got, three ways — the result for the client (permit with the
 * rewrapped key, or fail with a generic message and the failure kind), the log (the detail, for
 * operators) and one audit record.
 */
final class RewrapReport {

    private static final Logger LOG = Logger.getLogger(RewrapReport.class);
    static final String INTERNAL = "INTERNAL";

    private final Caller caller;
    private final String requestId;

    RewrapReport(Caller caller, String requestId) {
        this.caller = caller;
        this.requestId = requestId;
    }

    String requestId() {
        return requestId;
    }

    RewrapResponse.KeyAccessResult permit(RewrapRequest.Policy policy, RewrapRequest.KeyAccessItem item, byte[] wrapped,
            Decision decision) {
        audit(policy, item, null, decision.reasons());
        return RewrapResponse.KeyAccessResult.permit(item.keyAccessObjectId(), Base64.getEncoder().encodeToString(wrapped));
    }

    RewrapResponse.KeyAccessResult fail(RewrapRequest.Policy policy, RewrapRequest.KeyAccessItem item, KasFailure failure) {
        KeyAccessObject kao = item.keyAccessObject();
        // The client gets a generic message; the detail is for operators. Denials are in the audit.
        if (failure.kind() == KasFailure.Kind.ACCESS_DENIED) {
            LOG.debugf("DIVE KAS %s %s/%s kid=%s: %s", failure.kind(), policy.id(), item.keyAccessObjectId(), kao.kid(),
                    failure.getMessage());
        } else {
            LOG.warnf("DIVE KAS %s in realm %s for %s/%s kid=%s: %s", failure.kind(), caller.realm(), policy.id(),
                    item.keyAccessObjectId(), kao.kid(), failure.getMessage());
        }
        audit(policy, item, failure.kind().name(), failure.reasons());
        return RewrapResponse.KeyAccessResult.fail(item.keyAccessObjectId(), failure.clientMessage(),
                new RewrapResponse.Metadata(failure.kind().name(), failure.reasons().stream()
                        .map(reason -> new RewrapResponse.Reason(reason.code(), reason.message())).toList()));
    }

    /** A defect of the KAS itself: logged with its stack trace, answered as a plain bad request. */
    RewrapResponse.KeyAccessResult internal(RewrapRequest.Policy policy, RewrapRequest.KeyAccessItem item, RuntimeException e) {
        LOG.errorf(e, "DIVE KAS unexpected error for %s/%s", policy.id(), item.keyAccessObjectId());
        audit(policy, item, INTERNAL, List.of());
        return RewrapResponse.KeyAccessResult.fail(item.keyAccessObjectId(), KasFailure.Kind.BAD_REQUEST.clientMessage(),
                new RewrapResponse.Metadata(INTERNAL, null));
    }

    private void audit(RewrapRequest.Policy policy, RewrapRequest.KeyAccessItem item, String failure,
            List<Decision.Reason> reasons) {
        KasAudit.record(new KasAudit.Entry(caller.realm(), requestId, caller.requester().subjectId(),
                caller.requester().issuer(), policy.id(), item.keyAccessObject().kid(), item.keyAccessObjectId(),
                failure == null ? "PERMIT" : "DENY", failure, reasons, caller.clientAddress(), caller.keyProviderId()));
    }
}
