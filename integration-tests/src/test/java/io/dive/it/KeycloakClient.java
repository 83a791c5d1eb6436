package io.dive.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** A small HTTP client for the running Keycloak: admin REST API with a bearer token, and token grants. */
public final class KeycloakClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DiveStack stack;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ADMIN_TOKEN_REUSE = Duration.ofSeconds(30);
    private String adminToken;
    private long adminTokenIssued;

    KeycloakClient(DiveStack stack) {
        this(stack, stack.keycloakUrl());
    }

    /** A client of the Keycloak at {@code baseUrl} (a cluster node, say) with the stack's admin. */
    KeycloakClient(DiveStack stack, String baseUrl) {
        this.stack = stack;
        this.baseUrl = baseUrl;
    }

    /** A response with its status, body and parsed JSON (null when the body is not JSON). */
    public record Response(int status, String body, JsonNode json) {
    }

    /** GET on the admin REST API ({@code /admin/...}) as the bootstrap admin. */
    public Response admin(String path) {
        return asAdmin(path, HttpRequest.Builder::GET);
    }

    /** POST of a JSON body on the admin REST API as the bootstrap admin. */
    public Response adminPost(String path, JsonNode body) {
        return asAdmin(path, request -> request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** PUT of a JSON body on the admin REST API as the bootstrap admin. */
    public Response adminPut(String path, JsonNode body) {
        return asAdmin(path, request -> request.header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** DELETE on the admin REST API as the bootstrap admin. */
    public Response adminDelete(String path) {
        return asAdmin(path, HttpRequest.Builder::DELETE);
    }

    /**
     * Deletes {@code realm}'s own account of a brokered user (the national one stays), so that the next
     * brokered login is a first login again (enrollment included) whatever a test did before.
     */
    public void forgetBrokeredUser(String realm, String username) {
        for (JsonNode user : admin("/realms/" + realm + "/users?exact=true&username=" + username).json()) {
            int status = adminDelete("/realms/" + realm + "/users/" + user.path("id").asText()).status();
            if (status != 204) {
                throw new AssertionError("deleting " + username + " of realm " + realm + " answered " + status);
            }
        }
    }

    /** Sends with the reused admin token; a 401 (the token's session gone, say) is retried once with a fresh one. */
    private Response asAdmin(String path, java.util.function.UnaryOperator<HttpRequest.Builder> method) {
        Response response = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String token = attempt == 0 ? adminToken() : freshAdminToken();
            response = send(method.apply(HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
                    .header("Authorization", "Bearer " + token)));
            if (response.status() != 401) {
                break;
            }
        }
        return response;
    }

    /**
     * Sets one realm attribute, keeping the others: the admin API replaces a realm's whole
     * attribute map on update, so it is read, changed and written back.
     */
    public void setRealmAttribute(String realm, String name, String value) {
        ObjectNode attributes = realmAttributes(realm);
        attributes.put(name, value);
        putRealmAttributes(realm, attributes, "could not set " + name + " on realm " + realm);
    }

    /**
     * Takes a copy of a realm's attributes now and writes it back on {@code close()}, so a test that
     * reconfigures a realm (its KAS's key provider, trusted issuers, rate limits, front-end URL) leaves
     * it as it found it for the tests after it, whether it passes or fails. An attribute the test
     * added is written back blank (unset), whether or not the update keeps the attributes it does not name.
     */
    public AutoCloseable realmAttributesRestoredOnClose(String realm) {
        ObjectNode before = realmAttributes(realm);
        return () -> {
            ObjectNode restored = before.deepCopy();
            realmAttributes(realm).fieldNames().forEachRemaining(name -> {
                if (!restored.has(name)) {
                    restored.put(name, "");
                }
            });
            putRealmAttributes(realm, restored, "could not restore the attributes of realm " + realm);
        };
    }

    /** The realm's attributes as read now (a tree of their own). */
    private ObjectNode realmAttributes(String realm) {
        JsonNode attributes = admin("/realms/" + realm).json().path("attributes");
        return attributes.isObject() ? (ObjectNode) attributes : new ObjectMapper().createObjectNode();
    }

    private void putRealmAttributes(String realm, JsonNode attributes, String failure) {
        ObjectNode update = new ObjectMapper().createObjectNode();
        update.set("attributes", attributes);
        Response response = adminPut("/realms/" + realm, update);
        if (response.status() != 204) {
            throw new AssertionError(failure + ": " + response.status() + " " + response.body());
        }
    }

    /**
     * An access token of the master realm's bootstrap admin, reused for half of the master realm's
     * one-minute token lifespan: every fresh one costs a full password hash on the server, which
     * made tests with hundreds of admin calls slow.
     */
    synchronized String adminToken() {
        if (adminToken == null || System.nanoTime() - adminTokenIssued > ADMIN_TOKEN_REUSE.toNanos()) {
            return freshAdminToken();
        }
        return adminToken;
    }

    private synchronized String freshAdminToken() {
        adminToken = token("master", "admin-cli", null, Map.of(
                "grant_type", "password", "username", stack.adminUser(), "password", stack.adminPassword()))
                .json().path("access_token").asText();
        adminTokenIssued = System.nanoTime();
        return adminToken;
    }

    /** The id of a user of {@code realm}, found by exact username. */
    public String userId(String realm, String username) {
        JsonNode found = admin("/realms/" + realm + "/users?exact=true&username=" + username).json();
        if (found == null || found.size() != 1) {
            throw new AssertionError("no single user " + username + " in realm " + realm + ": " + found);
        }
        return found.get(0).path("id").asText();
    }

    /** The OIDC password grant: the raw token response. */
    public Response passwordGrant(String realm, String clientId, String username, String password) {
        return token(realm, clientId, null, Map.of("grant_type", "password", "username", username,
                "password", password, "scope", "openid"));
    }

    public Response token(String realm, String clientId, String clientSecret, Map<String, String> form) {
        StringBuilder body = new StringBuilder(encode(form)).append("&client_id=").append(encode(clientId));
        if (clientSecret != null) {
            body.append("&client_secret=").append(encode(clientSecret));
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** GET ({@code body} null) or POST of a JSON body on any URL as the bearer of {@code token}. */
    public Response withToken(String url, String token, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        return send(body == null ? request.GET() : request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The OIDC logout endpoint with a refresh token (a public client's back-channel logout): ends the session. */
    public Response logout(String realm, String clientId, String refreshToken) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/logout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(Map.of("client_id", clientId, "refresh_token", refreshToken)))));
    }

    /** GET on any URL, without credentials. */
    public Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** Any method on any URL, with a bearer token unless null, and a JSON body unless null. */
    public Response send(String method, String url, String bearerToken, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request);
    }

    /** The claims of a JWT, decoded without verification (the tests check content, Keycloak signed it). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialization: " + parts.length + " parts");
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
