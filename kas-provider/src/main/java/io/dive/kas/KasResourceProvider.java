package io.dive.kas;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Per-request provider: hands JAX-RS the KAS resource for the realm being addressed. */
final class KasResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    KasResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new KasResource(session);
    }

    @Override
    public void close() {
        // Nothing held per request.
    }
}
