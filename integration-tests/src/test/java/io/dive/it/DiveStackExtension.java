package io.dive.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the real DIVE stack once per test run (the first test class that needs it starts it) and
 * stops it when the run ends, whether tests passed or failed. Tests receive {@link DiveStack} and
 * {@link KeycloakClient} as parameters.
 */
public final class DiveStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DiveStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    private static DiveStack stack(ExtensionContext context) {
        // The root store closes AutoCloseable values when the whole run ends.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DiveStack.class, key -> DiveStack.fromSystemProperties().start(), DiveStack.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DiveStack.class || type == KeycloakClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DiveStack stack = stack(context);
        if (parameter.getParameter().getType() == KeycloakClient.class) {
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(KeycloakClient.class, key -> new KeycloakClient(stack), KeycloakClient.class);
        }
        return stack;
    }
}
