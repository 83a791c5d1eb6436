package io.dive.kas;

/**
 * Why a request or one key access object got no key. {@link #clientMessage} is what the client
 * sees (nothing about keys or ciphertexts); {@link #getMessage} is the detail for the log.
 */
final class KasFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The failure kinds, each with its HTTP status (for whole-request failures) and client message. */
    enum Kind {
        MALFORMED_REQUEST(400, "malformed request"),
        UNAUTHENTICATED(401, "invalid or expired bearer token"),
        UNTRUSTED_ISSUER(401, "token issuer not trusted by this KAS"),
        INVALID_SIGNED_REQUEST(401, "invalid signed request token"),
        /** Unwrap or policy binding failed: deliberately one message (no padding or binding oracle). */
        BAD_REQUEST(400, "bad request"),
        UNKNOWN_KEY(400, "unknown key id"),
        WRONG_KAS(400, "key access object is for another KAS"),
        POLICY_INVALID(400, "policy cannot be evaluated"),
        ACCESS_DENIED(403, "forbidden"),
        POLICY_UNAVAILABLE(503, "access decision unavailable"),
        KEY_PROVIDER_UNAVAILABLE(503, "key provider unavailable");

        final int status;
        final String clientMessage;

        Kind(int status, String clientMessage) {
            this.status = status;
            this.clientMessage = clientMessage;
        }
    }

    private final Kind kind;

    KasFailure(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    String clientMessage() {
        return kind.clientMessage;
    }
}
