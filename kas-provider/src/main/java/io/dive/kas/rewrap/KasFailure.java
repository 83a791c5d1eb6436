package io.dive.kas.rewrap;

import io.dive.opa.Decision;
import java.util.List;

/**
 * Why a request or one key access object got no key. {@link #clientMessage} is what the client
 * sees (nothing about keys or ciphertexts); {@link #getMessage} is the detail for the log.
 */
public final class KasFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The failure kinds, each with its HTTP status (for whole-request failures) and client message. */
    public enum Kind {
        /**
         * The request is malformed (its message names what), or unwrap or the policy binding failed:
         * for those deliberately one message (no padding or binding oracle).
         */
        BAD_REQUEST(400, "bad request"),
        UNAUTHENTICATED(401, "invalid or expired bearer token"),
        UNTRUSTED_ISSUER(401, "token issuer not trusted by this KAS"),
        INVALID_SIGNED_REQUEST(401, "invalid signed request token"),
        UNKNOWN_KEY(400, "unknown key id"),
        WRONG_KAS(400, "key access object is for another KAS"),
        POLICY_INVALID(400, "policy cannot be evaluated"),
        ACCESS_DENIED(403, "forbidden"),
        POLICY_UNAVAILABLE(503, "access decision unavailable"),
        KEY_PROVIDER_UNAVAILABLE(503, "key provider unavailable");

        private final int status;
        private final String clientMessage;

        Kind(int status, String clientMessage) {
            this.status = status;
            this.clientMessage = clientMessage;
        }

        public int status() {
            return status;
        }

        public String clientMessage() {
            return clientMessage;
        }

        /** The HTTP status of a failure reported by its name ({@code metadata.failure}); 400 for any other. */
        static int statusOf(String name) {
            for (Kind kind : values()) {
                if (kind.name().equals(name)) {
                    return kind.status;
                }
            }
            return BAD_REQUEST.status;
        }
    }

    private final Kind kind;
    private final String clientDetail;
    private final List<Decision.Reason> reasons;

    public KasFailure(Kind kind, String detail) {
        this(kind, detail, null, List.of());
    }

    private KasFailure(Kind kind, String detail, String clientDetail, List<Decision.Reason> reasons) {
        super(detail);
        this.kind = kind;
        this.clientDetail = clientDetail;
        this.reasons = List.copyOf(reasons);
    }

    /** A malformed request; {@code what} (a field and its defect, never key material) is shown to the client. */
    public static KasFailure malformed(String what) {
        return new KasFailure(Kind.BAD_REQUEST, what, what, List.of());
    }

    /** No key because of the policy decision; its reason codes go to the client and the audit. */
    static KasFailure decided(Kind kind, String detail, List<Decision.Reason> reasons) {
        return new KasFailure(kind, detail, null, reasons);
    }

    public Kind kind() {
        return kind;
    }

    /** The policy decision's reasons, when a decision caused this failure. */
    public List<Decision.Reason> reasons() {
        return reasons;
    }

    public String clientMessage() {
        return clientDetail == null ? kind.clientMessage : kind.clientMessage + ": " + clientDetail;
    }
}
