package io.dive.support.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The DIVE meters of one test: a registry added to Micrometer's global one (where the providers
 * register, as in Keycloak) before each test, removed with every meter after it, so no count
 * leaks into the next test. {@code @RegisterExtension final TestMeters meters = new TestMeters();}
 * Shared with the other modules' tests through this module's test jar.
 */
public final class TestMeters implements BeforeEachCallback, AfterEachCallback {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** What the meters recorded during the test. */
    public SimpleMeterRegistry registry() {
        return registry;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Metrics.globalRegistry.add(registry);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Metrics.globalRegistry.remove(registry);
        Metrics.globalRegistry.clear();
    }
}
