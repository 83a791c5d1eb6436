package io.dive.support;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The one JSON error body of DIVE endpoints and grants, in OAuth's shape (RFC 6749 §5.2):
 * {@code {"error": "<code>", "error_description": "<words for a person>"}}.
 */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    public static Response response(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(error, description)).build();
    }

    /** The body alone, for callers that build the response themselves (headers, other status codes). */
    public static Map<String, String> body(String error, String description) {
        return Map.of("error", error, "error_description", description);
    }
}
