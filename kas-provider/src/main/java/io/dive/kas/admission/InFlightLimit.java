package io.dive.kas.admission;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The bound on rewraps in flight on this node. A request over it is refused at once (503 with
 * {@code Retry-After}) instead of queueing behind the others until its OPA call times out and its
 * key access objects fail closed: under overload a client can tell "busy, retry" from "denied".
 */
public final class InFlightLimit {

    /** A place among the rewraps in flight; closing it frees the place (once). */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private static final Slot UNBOUNDED = () -> { };

    private final int max;
    private final Semaphore places;
    private final Duration retryAfter;

    /** @param max the most rewraps in flight; 0 = unbounded */
    public InFlightLimit(int max, Duration retryAfter) {
        if (max < 0) {
            throw new IllegalArgumentException("the bound on rewraps in flight must not be negative, was " + max);
        }
        this.max = max;
        this.places = max == 0 ? null : new Semaphore(max);
        this.retryAfter = Refusal.seconds(retryAfter);
    }

    /** @throws Refusal {@link Refusal.Reason#OVERLOADED} when every place is taken */
    public Slot enter() throws Refusal {
        if (places == null) {
            return UNBOUNDED;
        }
        if (!places.tryAcquire()) {
            throw new Refusal(Refusal.Reason.OVERLOADED, max + " rewraps in flight on this node", retryAfter);
        }
        return new Slot() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    places.release();
                }
            }
        };
    }

    /** Rewraps in flight now (for tests and health). */
    public int inFlight() {
        return places == null ? 0 : max - places.availablePermits();
    }
}
