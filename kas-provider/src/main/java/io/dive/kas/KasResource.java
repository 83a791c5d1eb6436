package io.dive.kas;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * The KAS endpoints. Only {@code health} exists so far; public key and rewrap follow with the
 * key providers. Every endpoint here is reachable without a bearer token unless it says otherwise.
 */
public final class KasResource {

    private final KeycloakSession session;

    KasResource(KeycloakSession session) {
        this.session = session;
    }

    /** Liveness of the KAS in this realm; unauthenticated so that load balancers can probe it. */
    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("service", "dive-kas");
        body.put("realm", session.getContext().getRealm().getName());
        body.put("version", KasResource.class.getPackage().getImplementationVersion());
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }
}
