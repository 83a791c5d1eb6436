package io.dive.kas;

import io.dive.kas.rewrap.RewrapSpans;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * are therefore looked up by name on Keycloak's objects.
 */
final class KeycloakSpans implements RewrapSpans {

    private static final Logger LOG = Logger.getLogger(KeycloakSpans.class);
    private static final String TRACER = "io.dive.kas";
    private static final Method START_SPAN = method(TracingProvider.class, "startSpan", String.class, String.class);
    private static final Method CURRENT_SPAN = method(TracingProvider.class, "getCurrentSpan");
    /** Public interface methods of OpenTelemetry's runtime classes, by class and name. */
    private static final Map<String, Method> GETTERS = new ConcurrentHashMap<>();

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
        invoke(START_SPAN, tracing, TRACER, name);
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
        Object context = getter(invoke(CURRENT_SPAN, tracing), "getSpanContext");
        if (context == null || !Boolean.TRUE.equals(getter(context, "isValid"))) {
            return null;
        }
        return "00-" + getter(context, "getTraceId") + "-" + getter(context, "getSpanId") + "-"
                + getter(getter(context, "getTraceFlags"), "asHex");
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Keycloak's " + type.getName() + " has no " + name, e);
        }
    }

    /** {@code target.name()} through a public interface or class that declares it; null for a null target. */
    private static Object getter(Object target, String name) {
        if (target == null) {
            return null;
        }
        Method getter = GETTERS.computeIfAbsent(target.getClass().getName() + "#" + name, key -> find(target.getClass(), name));
        return invoke(getter, target);
    }

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

    private static Object invoke(Method method, Object target, Object... arguments) {
        if (method == null) {
            return null;
        }
        try {
            return method.invoke(target, arguments);
        } catch (IllegalAccessException | InvocationTargetException e) {
            LOG.debugf("DIVE KAS tracing call %s failed: %s", method.getName(), e.toString());
            return null;
        }
    }
}
