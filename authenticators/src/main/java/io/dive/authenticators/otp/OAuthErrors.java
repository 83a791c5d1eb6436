package io.dive.authenticators.otp;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** OAuth-style JSON error bodies ({@code error}, {@code error_description}) for DIVE endpoints and grants. */
final class OAuthErrors {

    private OAuthErrors() {
    }

    static Response response(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error, "error_description", description)).build();
    }
}
