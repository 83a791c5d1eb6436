package io.dive.kas;

import io.dive.kas.keys.KasKey;
import io.dive.kas.connect.ConnectResource;
import io.dive.kas.dpop.DpopRefusal;
import io.dive.kas.rewrap.KasFailure;
import io.dive.kas.rewrap.KasMeters;
import io.dive.kas.rewrap.RewrapPipeline;
import io.dive.model.SafeText;
import io.dive.redis.RedisProvider;
import io.dive.support.OAuthErrors;
import io.dive.support.audit.AuditProvider;
import io.dive.support.audit.AuditResource;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PublicKeyResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The KAS endpoints under {@code /realms/{realm}/kas/}: {@code health} and
 * {@code v2/kas_public_key} are public; {@code v2/rewrap} needs a bearer token and a signed request
 * token. Every error is a JSON body {@code {"error": code, "error_description": text}} (OAuth's
 * shape, {@link OAuthErrors}) with a status, never a stack trace.
 */
public final class KasResource {

    private static final Logger LOG = Logger.getLogger(KasResource.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final KeycloakSession session;
    private final KasSettings settings;
    private final RealmKas kas;

    KasResource(KeycloakSession session, KasSettings settings, AccessTokenVerifier tokens, RewrapPipeline rewrap) {
        this.session = session;
        this.settings = settings;
        this.kas = new RealmKas(session, settings, tokens, rewrap);
    }

    /**
     * Connect RPC ({@code kas.AccessService}, the well-known configuration, the KAS registry) and the
     * OpenTDF platform discovery document: what OpenTDF SDKs call at the root of the KAS origin.
     */
    @Path("{service: kas\\.AccessService|wellknownconfiguration\\.WellKnownService"
            + "|policy\\.kasregistry\\.KeyAccessServerRegistryService|\\.well-known}")
    public ConnectResource connect(@jakarta.ws.rs.PathParam("service") String service) {
        return new ConnectResource(kas, service);
    }

    /** Status of the KAS in this realm: URL, key set, OPA sidecar, audit sink. Unauthenticated. */
    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        RealmModel realm = session.getContext().getRealm();
        KasRealmSettings realmSettings = KasRealmSettings.of(realm);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "dive-kas");
        body.put("realm", realm.getName());
        body.put("enabled", realmSettings.enabled());
        body.put("version", KasResource.class.getPackage().getImplementationVersion());
        Map<String, Object> address = new LinkedHashMap<>();
        try {
            address.put("url", KasAddress.of(session, realm, realmSettings).kasUrl());
            address.put("status", "UP");
        } catch (KasFailure e) {
            address.put("status", "DOWN");
            address.put("error", e.getMessage());
        }
        body.put("kas", address);
        Map<String, Object> keyHealth;
        try {
            keyHealth = kas.keySet().health();
        } catch (KasFailure e) {
            keyHealth = Map.of("provider", String.valueOf(kas.keyProviderId()), "keySet", realmSettings.keySet(),
                    "status", "DOWN", "error", e.getMessage());
        }
        body.put("keyProvider", keyHealth);
        boolean opaUp = opaUp();
        body.put("opa", Map.of("url", settings.opaUrl(), "status", opaUp ? "UP" : "DOWN"));
        AuditProvider audit = session.getProvider(AuditProvider.class);
        body.put("audit", audit == null ? Map.of("status", "DOWN") : AuditResource.health(audit.trail().health()));
        // Redis holds no KAS state (data keys never go there); reported for the OTP flows that share it.
        RedisProvider redis = session.getProvider(RedisProvider.class);
        body.put("redis", redis == null ? Map.of("status", "DOWN") : redis.health());
        boolean up = opaUp && "UP".equals(keyHealth.get("status")) && "UP".equals(address.get("status"));
        body.put("status", up ? "UP" : "DOWN");
        return Response.status(up ? 200 : 503).entity(body).header("Cache-Control", "no-store").build();
    }

    /**
     * The KAS public key for {@code algorithm} ({@code rsa:2048} default, {@code ec:secp256r1}) as
     * PEM ({@code fmt=pkcs8}, default) or JWK ({@code fmt=jwk}), with its kid. Unauthenticated.
     */
    @GET
    @Path("v2/kas_public_key")
    @Produces(MediaType.APPLICATION_JSON)
    public Response publicKey(@QueryParam("algorithm") String algorithmName, @QueryParam("fmt") String format,
            @QueryParam("v") String version) {
        Optional<KeyAlgorithm> algorithm = KeyAlgorithm.fromOpenTdfName(algorithmName);
        if (algorithm.isEmpty()) {
            return error(404, "not_found", "unknown algorithm '" + SafeText.of(algorithmName, 40) + "' (rsa:2048 or ec:secp256r1)");
        }
        if (format != null && !format.isEmpty() && !"pkcs8".equals(format) && !"jwk".equals(format)) {
            return error(400, "invalid_request", "unknown fmt '" + SafeText.of(format, 40) + "' (pkcs8 or jwk)");
        }
        if (!kas.enabled()) {
            return notEnabled();
        }
        Optional<KasKey> active;
        try {
            active = kas.activeKey(algorithm.get());
        } catch (KasFailure e) {
            return error(e);
        }
        if (active.isEmpty()) {
            return error(404, "not_found", "no " + algorithm.get().openTdfName() + " key in the key set of this KAS");
        }
        KasKey key = active.get();
        Map<String, Object> jwk = "jwk".equals(format) ? RealmKas.jwk(key) : null;
        // wrapAlgorithm, a DIVE extension: which OAEP hash this kid decrypts with (OpenTDF clients assume SHA-1).
        String body = OpenTdfJson.writePublicKeyResponse(new PublicKeyResponse(jwk == null ? Pem.publicKey(key.publicKey()) : null,
                jwk, key.kid(), key.algorithm(), key.oaepHash()));
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "public, max-age=3600").build();
    }

    /** OpenTDF rewrap (v2 body, or v1 legacy body) inside a signed request token; Bearer, or DPoP with its proof. */
    @POST
    @Path("v2/rewrap")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response rewrap(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("DPoP") String dpop,
            String body) {
        RealmModel realm = session.getContext().getRealm();
        if (!kas.enabled()) {
            return notEnabled();
        }
        try {
            RealmKas.Rewrap rewrap = kas.rewrap(authorization, dpop, "POST", "v2/rewrap", body);
            RewrapPipeline.Outcome outcome = rewrap.outcome();
            Response.ResponseBuilder response = Response.status(outcome.status()).entity(outcome.json())
                    .type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store");
            if (settings.serverTiming()) {
                response.header("Server-Timing", rewrap.serverTiming());
            }
            return response.build();
        } catch (KasFailure e) {
            LOG.infof("DIVE KAS rewrap refused in realm %s: %s (%s)", realm.getName(), e.kind(), e.logDetail());
            KasMeters.requestRefused(realm.getName(), KasMeters.REST, e.kind());
            return error(e);
        } catch (DpopRefusal e) {
            LOG.infof("DIVE KAS rewrap refused in realm %s: DPoP (%s)", realm.getName(), SafeText.of(e.getMessage(), 500));
            KasMeters.dpopRefused(realm.getName(), KasMeters.REST, e.unavailable());
            return error(e.unavailable() ? 503 : 401, e.unavailable() ? "temporarily_unavailable" : "invalid_dpop_proof",
                    e.getMessage());
        }
    }

    private boolean opaUp() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(settings.opaUrl() + "/health"))
                    .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private static Response notEnabled() {
        return error(404, "kas_not_enabled", "the Key Access Service is not enabled in this realm (realm attribute "
                + KasRealmSettings.ENABLED + "=true)");
    }

    /** A refused request; one that was not admitted says when to retry ({@code Retry-After}, seconds). */
    private static Response error(KasFailure failure) {
        Response.ResponseBuilder response = errorResponse(failure.kind().status(), failure.kind().oauthError(), failure.clientMessage());
        failure.retryAfter().ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds())));
        return response.build();
    }

    private static Response error(int status, String code, String description) {
        return errorResponse(status, code, description).build();
    }

    /** The one error body of DIVE endpoints: {@code {"error": code, "error_description": text}}. */
    private static Response.ResponseBuilder errorResponse(int status, String code, String description) {
        return Response.status(status).entity(OAuthErrors.body(code, description)).type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store");
    }
}
