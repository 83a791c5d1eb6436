package io.dive.authenticators;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/** A factory with no server-wide settings and nothing to wire or release: the lifecycle is empty. */
public interface StatelessProviderFactory<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
        // Settings live in the authenticator config or in the dive-redis SPI.
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    default void close() {
        // Nothing held.
    }
}
