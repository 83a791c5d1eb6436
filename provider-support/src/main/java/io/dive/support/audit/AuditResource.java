package io.dive.support.audit;

import io.dive.audit.AuditCollection;
import io.dive.audit.AuditEncoding;
import io.dive.audit.AuditHealth;
import io.dive.audit.AuditTrail;
import io.dive.audit.Decision;
import io.dive.audit.MongoAuditStore;
import io.dive.support.OAuthErrors;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code /realms/{realm}/dive-audit}: OPA's decision log comes in ({@code POST decisions}, the
 * shared bearer secret ./dive gives OPA), auditors read ({@code GET key_releases|decisions|
 * authentications}, {@code GET <collection>/counts}: a bearer token of this realm holding the realm
 * role {@code dive-auditor}; no token 401, no role 403, a bad parameter 400 naming it), and
 * {@code GET health} shows the trail's sink and counters.
 */
public final class AuditResource {

    public static final String AUDITOR_ROLE = "dive-auditor";

    private final KeycloakSession session;
    private final AuditTrail trail;
    private final DecisionLogToken decisionLogToken;

    AuditResource(KeycloakSession session, AuditTrail trail, DecisionLogToken decisionLogToken) {
        this.session = session;
        this.trail = trail;
        this.decisionLogToken = decisionLogToken;
    }

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        return json(200, health(trail.health()));
    }

    /** The trail's health as the JSON object health endpoints embed. */
    public static Map<String, Object> health(AuditHealth health) {
        return Map.of("status", health.status(), "sink", health.sink(), "queueDepth", health.queueDepth(),
                "queueCapacity", health.queueCapacity(), "written", health.written(), "queueFull", health.queueFull(),
                "spilled", health.spilled(), "replayed", health.replayed(), "journalFailures", health.journalFailures(),
                "journalPendingBytes", health.journalPendingBytes());
    }

    @POST
    @Path("decisions")
    @Consumes(MediaType.WILDCARD)
    public Response decisions(@HeaderParam("Authorization") String authorization,
            @HeaderParam("Content-Encoding") String encoding, InputStream body) {
        if (!decisionLogToken.matches(authorization)) {
            return OAuthErrors.response(Response.Status.UNAUTHORIZED, "invalid_token", "the decision log token is required");
        }
        List<Decision> decisions;
        try {
            decisions = OpaDecisionLog.read(body, encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip"));
        } catch (OpaDecisionLog.Malformed e) {
            return OAuthErrors.response(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        int refused = 0;
        for (Decision decision : decisions) {
            refused += trail.record(decision) ? 0 : 1;
        }
        // A full queue: OPA keeps the batch and sends it again (the decision ids make that idempotent).
        return refused == 0 ? Response.noContent().build()
                : OAuthErrors.response(Response.Status.SERVICE_UNAVAILABLE, "temporarily_unavailable", "the audit queue is full");
    }

    @GET
    @Path("{collection}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response find(@PathParam("collection") String collection, @Context UriInfo uri) {
        return forAuditor(() -> {
            MongoAuditStore.Page page;
            try {
                page = store().find(AuditorQueries.query(AuditorQueries.collection(collection), uri.getQueryParameters()));
            } catch (IllegalArgumentException e) {
                throw new AuditorQueries.BadParameter("cursor", e.getMessage());
            }
            BsonArray records = new BsonArray();
            page.records().forEach(entry -> records.add(entry.document()));
            return new BsonDocument("records", records)
                    .append("cursor", page.cursor() == null ? BsonNull.VALUE : new BsonString(page.cursor()));
        });
    }

    @GET
    @Path("{collection}/counts")
    @Produces(MediaType.APPLICATION_JSON)
    public Response counts(@PathParam("collection") String collection, @Context UriInfo uri) {
        return forAuditor(() -> {
            AuditCollection which = AuditorQueries.collection(collection);
            Instant[] range = AuditorQueries.range(uri.getQueryParameters());
            BsonArray counts = new BsonArray();
            for (MongoAuditStore.Count count : store().counts(which, range[0], range[1])) {
                counts.add(new BsonDocument("outcome", text(count.outcome()))
                        .append("classification", text(count.classification())).append("count", new BsonInt64(count.count())));
            }
            return new BsonDocument("counts", counts);
        });
    }

    /** An auditor's read: what it answers, or why not (a bad parameter, no queryable store). */
    private interface Read {
        BsonDocument answer() throws AuditorQueries.BadParameter, NoStore;
    }

    private Response forAuditor(Read read) {
        Optional<Response> refused = refuseNonAuditor();
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            return Response.ok(AuditEncoding.json(read.answer()), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (AuditorQueries.BadParameter e) {
            return badParameter(e);
        } catch (NoStore e) {
            return e.response();
        }
    }

    private Optional<Response> refuseNonAuditor() {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            return Optional.of(Response.status(Response.Status.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(OAuthErrors.body("invalid_token", "a bearer token of this realm is required")).build());
        }
        RoleModel auditor = session.getContext().getRealm().getRole(AUDITOR_ROLE);
        if (auditor == null || !auth.getUser().hasRole(auditor)) {
            return Optional.of(OAuthErrors.response(Response.Status.FORBIDDEN, "forbidden",
                    "the realm role " + AUDITOR_ROLE + " is required"));
        }
        return Optional.empty();
    }

    private MongoAuditStore store() throws NoStore {
        return trail.store().orElseThrow(NoStore::new);
    }

    private static Response badParameter(AuditorQueries.BadParameter e) {
        Map<String, String> body = new java.util.LinkedHashMap<>(OAuthErrors.body("invalid_request", e.getMessage()));
        body.put("parameter", e.parameter);
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static BsonValue text(String value) {
        return value == null ? BsonNull.VALUE : new BsonString(value);
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** The trail writes JSON lines (no MongoDB configured): nothing to query. */
    private static final class NoStore extends Exception {
        private static final long serialVersionUID = 1L;

        Response response() {
            return OAuthErrors.response(Response.Status.NOT_IMPLEMENTED, "not_queryable",
                    "the audit trail writes JSON lines to a file (no MongoDB configured): read the file");
        }
    }
}
