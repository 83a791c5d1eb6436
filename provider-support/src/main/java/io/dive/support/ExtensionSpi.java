package io.dive.support;

import java.util.Objects;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * A DIVE SPI: a name (the {@code --spi-<name>--...} options), a provider type and a factory type,
 * and not internal, so Keycloak does not warn about providers implementing it. A subclass only
 * passes the three to the constructor; Keycloak loads it through {@code META-INF/services}.
 */
public abstract class ExtensionSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    @SuppressWarnings("rawtypes")
    private final Class<? extends ProviderFactory> factoryClass;

    protected ExtensionSpi(String name, Class<? extends Provider> providerClass,
            @SuppressWarnings("rawtypes") Class<? extends ProviderFactory> factoryClass) {
        this.name = Objects.requireNonNull(name, "name");
        this.providerClass = Objects.requireNonNull(providerClass, "providerClass");
        this.factoryClass = Objects.requireNonNull(factoryClass, "factoryClass");
    }

    @Override
    public final boolean isInternal() {
        return false;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
