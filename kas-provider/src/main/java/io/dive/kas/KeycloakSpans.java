package io.dive.kas;

import io.dive.kas.rewrap.RewrapSpans;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.jboss.logging.Logger;
import org.keycloak.tracing.NoopTracingProvider;
import org.keycloak.tracing.TracingProvider;

/**
 * The rewrap's spans in Keycloak's own tracing ({@code --tracing-enabled}): Keycloak's
 * {@link TracingProvider} makes each span a child of the request's and current while its step runs.
 * With tracing off Keycloak hands out its no-op provider and this is {@link RewrapSpans#NONE}.
 *
 * <p>No OpenTelemetry type appears in this class: the providers jar relocates every third-party
 * package ({@code io.opentelemetry} too, for the Cloud KMS client), which would bind a compiled
 * reference to {@code Span} to the relocated copy instead of Keycloak's. The two calls that return
 * OpenTelemetry objects ({@code startSpan}, {@code getCurrentSpan}) and the span context's getters
 * are therefore looked up by name on Keycloak's objects, once per class: each is a cached
 * {@link MethodHandle}, so a traced rewrap pays no reflective lookup or string building per call.
 */
final class KeycloakSpans implements RewrapSpans {

    private static final Logger LOG = Logger.getLogger(KeycloakSpans.class);
    private static final String TRACER = "io.dive.kas";
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodHandle START_SPAN = handle(method(TracingProvider.class, "startSpan", String.class, String.class),
            MethodType.methodType(Object.class, TracingProvider.class, String.class, String.class));
    private static final MethodHandle CURRENT_SPAN = handle(method(TracingProvider.class, "getCurrentSpan"),
            MethodType.methodType(Object.class, TracingProvider.class));
    private static final Getter SPAN_CONTEXT = new Getter("getSpanContext");
    private static final Getter IS_VALID = new Getter("isValid");
    private static final Getter TRACE_ID = new Getter("getTraceId");
    private static final Getter SPAN_ID = new Getter("getSpanId");
    private static final Getter TRACE_FLAGS = new Getter("getTraceFlags");
    private static final Getter AS_HEX = new Getter("asHex");

    private final TracingProvider tracing;

    private KeycloakSpans(TracingProvider tracing) {
        this.tracing = tracing;
    }

    /** The spans of the session's tracing provider; none when Keycloak's tracing is off. */
    static RewrapSpans of(TracingProvider tracing) {
        return tracing == null || tracing instanceof NoopTracingProvider ? RewrapSpans.NONE : new KeycloakSpans(tracing);
    }

    @Override
    public <T, E extends Exception> T in(String name, Step<T, E> step) throws E {
        try {
            Object started = (Object) START_SPAN.invokeExact(tracing, TRACER, name); // current until endSpan
        } catch (Throwable e) {
            LOG.debugf("DIVE KAS tracing call startSpan failed: %s", e.toString());
        }
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
        Object current;
        try {
            current = (Object) CURRENT_SPAN.invokeExact(tracing);
        } catch (Throwable e) {
            LOG.debugf("DIVE KAS tracing call getCurrentSpan failed: %s", e.toString());
            return null;
        }
        Object context = SPAN_CONTEXT.of(current);
        if (context == null || !Boolean.TRUE.equals(IS_VALID.of(context))) {
            return null;
        }
        return "00-" + TRACE_ID.of(context) + "-" + SPAN_ID.of(context) + "-" + AS_HEX.of(TRACE_FLAGS.of(context));
    }

    /**
     * A public no-argument method by name, resolved once per runtime class (OpenTelemetry's span and
     * context classes are package-private behind public interfaces) into a handle {@code (Object)Object}.
     */
    private static final class Getter extends ClassValue<MethodHandle> {
        private final String name;

        Getter(String name) {
            this.name = name;
        }

        @Override
        protected MethodHandle computeValue(Class<?> type) {
            Method found = find(type, name);
            return found == null ? null : handle(found, GETTER);
        }

        /** {@code target.name()}; null for a null target, a class without the method, or a failed call. */
        Object of(Object target) {
            MethodHandle getter = target == null ? null : get(target.getClass());
            if (getter == null) {
                return null;
            }
            try {
                return (Object) getter.invokeExact(target);
            } catch (Throwable e) {
                LOG.debugf("DIVE KAS tracing call %s failed: %s", name, e.toString());
                return null;
            }
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Keycloak's " + type.getName() + " has no " + name, e);
        }
    }

    private static MethodHandle handle(Method method, MethodType type) {
        try {
            return MethodHandles.publicLookup().unreflect(method).asType(type);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }

    /** A public class or interface's {@code name()} that {@code type} has (a public type declaring it: callable from here). */
    private static Method find(Class<?> type, String name) {
        for (Class<?> at = type; at != null; at = at.getSuperclass()) {
            if (Modifier.isPublic(at.getModifiers())) {
                try {
                    return at.getMethod(name);
                } catch (NoSuchMethodException e) {
                    // look further up
                }
            }
            for (Class<?> face : at.getInterfaces()) {
                Method found = find(face, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
