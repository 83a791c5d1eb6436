package io.dive.support;

import org.keycloak.services.resource.RealmResourceProvider;

/** A realm REST resource that holds nothing per request: the provider Keycloak asks for it. */
public final class RealmResources {

    private RealmResources() {
    }

    public static RealmResourceProvider of(Object resource) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return resource;
            }

            @Override
            public void close() {
                // Nothing held per request.
            }
        };
    }
}
