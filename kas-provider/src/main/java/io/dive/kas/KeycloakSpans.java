package io.dive.kas;

import io.dive.kas.rewrap.RewrapSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.keycloak.tracing.TracingProvider;

/**
 * The rewrap's spans in Keycloak's own tracing ({@code --tracing-enabled}): Keycloak's
 * {@link TracingProvider} makes each span a child of the request's and current while its step runs.
 * With tracing off Keycloak hands out its no-op provider: no span, no {@code traceparent}.
 */
final class KeycloakSpans implements RewrapSpans {

    private static final String TRACER = "io.dive.kas";

    private final TracingProvider tracing;

    KeycloakSpans(TracingProvider tracing) {
        this.tracing = tracing;
    }

    @Override
    public <T, E extends Exception> T in(String name, Step<T, E> step) throws E {
        tracing.startSpan(TRACER, name);
        try {
            return step.run();
        } catch (Exception e) {
            tracing.error(e);
            throw e;
        } finally {
            tracing.endSpan();
        }
    }

    @Override
    public String traceparent() {
        Span span = tracing.getCurrentSpan();
        SpanContext context = span == null ? null : span.getSpanContext();
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }
}
