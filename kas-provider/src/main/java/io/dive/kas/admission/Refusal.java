package io.dive.kas.admission;

import java.time.Duration;

/**
 * A rewrap turned away before any work, with when to come back: over its rate limit (HTTP 429, Connect
 * {@code resource_exhausted}) or the node at its bound of rewraps in flight (HTTP 503, Connect
 * {@code unavailable}). Either way nothing was decided: it is not a deny.
 */
public final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the request was not admitted. */
    public enum Reason {
        /** The subject or the client address used up its rewraps of the window (cluster-wide). */
        RATE_LIMITED,
        /** This node already has its bound of rewraps in flight. */
        OVERLOADED
    }

    private final Reason reason;
    private final transient Duration retryAfter;

    public Refusal(Reason reason, String detail, Duration retryAfter) {
        super(detail);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** When to retry at the earliest (whole seconds, at least one: a {@code Retry-After} value). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code Retry-After} seconds for {@code wait}: rounded up, at least 1. */
    static Duration seconds(Duration wait) {
        long millis = Math.max(1, wait.toMillis());
        return Duration.ofSeconds((millis + 999) / 1000);
    }
}
