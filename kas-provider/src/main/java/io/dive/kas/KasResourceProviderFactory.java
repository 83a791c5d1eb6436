package io.dive.kas;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the Key Access Service at {@code /realms/{realm}/kas/}. */
public final class KasResourceProviderFactory implements RealmResourceProviderFactory {

    /** The path segment under {@code /realms/{realm}/}; also the provider id. */
    public static final String PROVIDER_ID = "kas";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new KasResourceProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
        // Key provider, OPA and audit settings arrive with the KAS itself.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire yet.
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
