package io.dive.kas.rewrap;

import java.util.UUID;

/**
 * Where a rewrap's outside calls become trace spans — the OPA decision and the key provider's
 * private-key operation — and the W3C {@code traceparent} of the span in progress, which the OPA
 * call carries so that OPA's span joins the trace. Keycloak's tracing in the server
 * ({@code io.dive.kas.KeycloakSpans}); {@link #NONE} when nothing traces (unit tests).
 */
public interface RewrapSpans {

    /** No spans, no trace context. */
    RewrapSpans NONE = new RewrapSpans() {
        @Override
        public <T, E extends Exception> T in(String name, Step<T, E> step) throws E {
            return step.run();
        }

        @Override
        public String traceparent() {
            return null;
        }
    };

    /** One step of the rewrap, run inside its span. */
    @FunctionalInterface
    interface Step<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code step} in a child span named {@code name} of the current one (ended, and marked failed on an exception). */
    <T, E extends Exception> T in(String name, Step<T, E> step) throws E;

    /** The {@code traceparent} of the current span; null when there is no trace (an unsampled one is passed on as such). */
    String traceparent();

    /**
     * The KAS's request id: {@code <trace id>-<span id>} of the current span when the request is
     * traced (so an audit record and OPA's decision log name the trace), else a random UUID.
     */
    default String requestId() {
        String traceparent = traceparent();
        return traceparent == null ? UUID.randomUUID().toString() : traceparent.substring(3, 52);
    }
}
