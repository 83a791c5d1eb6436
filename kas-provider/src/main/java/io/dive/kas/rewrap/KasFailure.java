package io.dive.kas.rewrap;

import io.dive.kas.admission.Refusal;
import io.dive.model.SafeText;
import io.dive.opa.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Why a request or one key access object got no key. {@link #clientMessage} is what the client
 * sees (nothing about keys or ciphertexts); {@link #getMessage} is the detail for the log.
 */
public final class KasFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * The failure kinds, each with its HTTP status (for whole-request failures), its OAuth-style
     * {@code error} code (RFC 6749 §5.2, RFC 6750 §3.1) and its client message.
     */
    public enum Kind {
        /**
         * The request is malformed (its message names what), or unwrap or the policy binding failed:
         * for those deliberately one message (no padding or binding oracle).
         */
        BAD_REQUEST(400, "invalid_request", "bad request"),
        UNAUTHENTICATED(401, "invalid_token", "invalid or expired bearer token"),
        UNTRUSTED_ISSUER(401, "invalid_token", "token issuer not trusted by this KAS"),
        /** The token was issued to a client that is not one of the realm's DIVE clients ({@code dive.kas.audience}). */
        WRONG_AUDIENCE(401, "invalid_token", "token not issued to a DIVE client of this realm"),
        /** The token's session was logged out or expired, or the token was revoked. */
        SESSION_ENDED(401, "invalid_token", "the token's session has ended (logged out, expired or revoked)"),
        INVALID_SIGNED_REQUEST(401, "invalid_request", "invalid signed request token"),
        UNKNOWN_KEY(400, "invalid_request", "unknown key id"),
        WRONG_KAS(400, "invalid_request", "key access object is for another KAS"),
        POLICY_INVALID(400, "invalid_request", "policy cannot be evaluated"),
        ACCESS_DENIED(403, "access_denied", "forbidden"),
        POLICY_UNAVAILABLE(503, "temporarily_unavailable", "access decision unavailable"),
        KEY_PROVIDER_UNAVAILABLE(503, "temporarily_unavailable", "key provider unavailable"),
        /** Keycloak runs in production mode and the realm does not name the KAS's URL ({@code dive.kas.url}). */
        KAS_URL_UNSET(503, "temporarily_unavailable", "this KAS has no configured URL (realm attribute dive.kas.url)"),
        /** A realm attribute of the KAS is invalid (the log names it). */
        KAS_MISCONFIGURED(503, "temporarily_unavailable", "this KAS's realm settings are invalid"),
        /** Not admitted: the subject or client address is over the realm's rewrap rate limit ({@link #retryAfter}). */
        RATE_LIMITED(429, "rate_limited", "too many rewrap requests, retry later"),
        /** Not admitted: this node has its bound of rewraps in flight ({@link #retryAfter}). */
        OVERLOADED(503, "temporarily_unavailable", "the KAS is at capacity, retry later");

        private final int status;
        private final String oauthError;
        private final String clientMessage;

        Kind(int status, String oauthError, String clientMessage) {
            this.status = status;
            this.oauthError = oauthError;
            this.clientMessage = clientMessage;
        }

        public int status() {
            return status;
        }

        /** The {@code error} code of a whole-request error body. */
        public String oauthError() {
            return oauthError;
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

    /**
     * A sign that a key access object was altered or misdirected (the {@code dive_kas_tamper_total}
     * meter); never shown to the client, which gets the failure kind's one message.
     */
    public enum Tamper {
        BINDING_MISMATCH, UNWRAP_FAILED, WRONG_KAS, UNKNOWN_KID
    }

    private final Kind kind;
    private final String clientDetail;
    private final List<Decision.Reason> reasons;
    private final transient Duration retryAfter;
    private final Tamper tamper;

    public KasFailure(Kind kind, String detail) {
        this(kind, detail, null, List.of(), null, switch (kind) {
            case WRONG_KAS -> Tamper.WRONG_KAS;
            case UNKNOWN_KEY -> Tamper.UNKNOWN_KID;
            default -> null;
        });
    }

    private KasFailure(Kind kind, String detail, String clientDetail, List<Decision.Reason> reasons, Duration retryAfter,
            Tamper tamper) {
        super(detail);
        this.kind = kind;
        this.clientDetail = clientDetail;
        this.reasons = List.copyOf(reasons);
        this.retryAfter = retryAfter;
        this.tamper = tamper;
    }

    /** A request not admitted ({@link Kind#RATE_LIMITED}, {@link Kind#OVERLOADED}): nothing was decided. */
    public static KasFailure notAdmitted(Refusal refusal) {
        Kind kind = refusal.reason() == Refusal.Reason.RATE_LIMITED ? Kind.RATE_LIMITED : Kind.OVERLOADED;
        return new KasFailure(kind, refusal.getMessage(), null, List.of(), refusal.retryAfter(), null);
    }

    /** When to retry (a {@code Retry-After} header), for a request that was not admitted. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A bad request that is also a tamper signal (the client sees only {@link Kind#BAD_REQUEST}). */
    static KasFailure tampered(Tamper signal, String detail) {
        return new KasFailure(Kind.BAD_REQUEST, detail, null, List.of(), null, signal);
    }

    /** A malformed request; {@code what} (a field and its defect, never key material) is shown to the client. */
    public static KasFailure malformed(String what) {
        return new KasFailure(Kind.BAD_REQUEST, what, what, List.of(), null, null);
    }

    /** A policy that cannot be evaluated; {@code what} (from the client's own file, never key material) is shown to it. */
    static KasFailure policyInvalid(String what) {
        return new KasFailure(Kind.POLICY_INVALID, what, what, List.of(), null, null);
    }

    /** No key because of the policy decision; its reason codes go to the client and the audit. */
    static KasFailure decided(Kind kind, String detail, List<Decision.Reason> reasons) {
        return new KasFailure(kind, detail, null, reasons, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The tamper signal this failure is, or null. */
    public Tamper tamper() {
        return tamper;
    }

    /** The policy decision's reasons, when a decision caused this failure. */
    public List<Decision.Reason> reasons() {
        return reasons;
    }

    public String clientMessage() {
        return clientDetail == null ? kind.clientMessage : kind.clientMessage + ": " + clientDetail;
    }

    /** The detail for the log: it quotes request values, so it is escaped and bounded ({@link SafeText}). */
    public String logDetail() {
        return SafeText.of(getMessage(), 1000);
    }
}
