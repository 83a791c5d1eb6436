package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.kas.rewrap.RewrapSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.keycloak.tracing.NoopTracingProvider;
import org.keycloak.tracing.TracingProvider;

/** Keycloak's tracing provider as the KAS uses it: spans started and ended around a step, the traceparent of the current span. */
class KeycloakSpansTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** Records calls; the current span is a propagated one (a package-private OpenTelemetry class behind Span). */
    private static final class Recording implements TracingProvider {
        final List<String> calls = new ArrayList<>();
        Span current = Span.wrap(SpanContext.create(TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));

        @Override
        public Span getCurrentSpan() {
            return current;
        }

        @Override
        public Span startSpan(String tracerName, String spanName) {
            calls.add("start " + tracerName + " " + spanName);
            return current;
        }

        @Override
        public Span startSpan(SpanBuilder builder) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void endSpan() {
            calls.add("end");
        }

        @Override
        public void error(Throwable exception) {
            calls.add("error " + exception.getMessage());
        }

        @Override
        public void trace(String tracerName, String spanName, Consumer<Span> execution) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T trace(String tracerName, String spanName, Function<Span, T> execution) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Tracer getTracer(String name, String scopeVersion) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean validateAllSpansEnded() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aStepRunsInAStartedAndEndedSpanAndAFailureMarksIt() {
        Recording tracing = new Recording();
        RewrapSpans spans = KeycloakSpans.of(tracing);
        assertThat(spans.in("dive.kas.opa", () -> "decided")).isEqualTo("decided");
        assertThatThrownBy(() -> spans.in("dive.kas.key_provider", () -> {
            throw new IllegalStateException("HSM gone");
        })).hasMessage("HSM gone");
        assertThat(tracing.calls).containsExactly("start io.dive.kas dive.kas.opa", "end",
                "start io.dive.kas dive.kas.key_provider", "error HSM gone", "end");
    }

    @Test
    void theTraceparentIsTheCurrentSpansAndNoneWithoutAValidSpan() {
        Recording tracing = new Recording();
        assertThat(KeycloakSpans.of(tracing).traceparent()).isEqualTo("00-" + TRACE + "-00f067aa0ba902b7-01");
        tracing.current = Span.getInvalid();
        assertThat(KeycloakSpans.of(tracing).traceparent()).isNull();
        assertThat(KeycloakSpans.of(new NoopTracingProvider())).isSameAs(RewrapSpans.NONE);
    }
}
