package io.dive.ztdf.client;

import java.util.List;

/** A KAS did not release a key (or could not be asked). {@link #kind()} drives the CLI exit code. */
public final class KasClientException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why no key came back. */
    public enum Kind {
        /** The KAS denied access (policy decision); {@link #reasons()} holds OPA's reason codes. */
        DENIED,
        /** The bearer token or the signed request token was refused (HTTP 401). */
        UNAUTHENTICATED,
        /** The KAS refused this key access object (bad request, unknown key, another KAS). */
        REJECTED,
        /** The KAS, its key provider or its policy sidecar is unavailable. */
        UNAVAILABLE,
        /** The KAS answered something this client does not understand. */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final List<String> reasons;

    public KasClientException(Kind kind, String message, List<String> reasons) {
        super(message);
        this.kind = kind;
        this.reasons = List.copyOf(reasons);
    }

    public Kind kind() {
        return kind;
    }

    /** OPA reason codes, e.g. {@code INSUFFICIENT_CLEARANCE}, {@code NOT_RELEASABLE}. */
    public List<String> reasons() {
        return reasons;
    }
}
