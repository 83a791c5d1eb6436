package io.dive.opa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks the OPA sidecar for DIVE decisions. Thread-safe; one instance per process is enough (the
 * HTTP client keeps connections open and reuses them).
 *
 * <p>Fails closed: any transport error, timeout, non-200 status, missing or malformed result yields
 * a deny whose reason says why ({@code OPA_UNAVAILABLE}, {@code OPA_TIMEOUT}, {@code OPA_ERROR},
 * {@code OPA_UNDEFINED}, {@code OPA_BAD_RESPONSE}, {@code OPA_UNAUTHORIZED} for a missing or
 * wrong bearer token); it never throws for those.
 */
public final class OpaClient {

    private static final Logger LOG = Logger.getLogger(OpaClient.class.getName());

    /** Sorted keys: equal inputs serialize to equal bytes, which is what the cache keys on. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final OpaClientSettings config;
    private final HttpClient http;
    /** Plain-http sidecars (the normal case) use the pooled transport; https goes through the JDK client. */
    private final PooledHttpTransport pooled;
    private final Map<DecisionPoint, URI> endpoints = new EnumMap<>(DecisionPoint.class);
    private final Map<CacheKey, CachedDecision> cache = new ConcurrentHashMap<>();
    private final OpaClientMetrics metrics = new OpaClientMetrics();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public OpaClient(OpaClientSettings config) {
        this.config = config;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).build();
        for (DecisionPoint point : DecisionPoint.values()) {
            endpoints.put(point, URI.create(config.baseUrl() + "/v1/data/" + point.path()));
        }
        this.pooled = "http".equals(config.baseUrl().getScheme())
                ? new PooledHttpTransport(config.baseUrl(), config.connectTimeout(), config.requestTimeout(),
                        config.bearerToken()) : null;
    }

    public OpaClientMetrics metrics() {
        return metrics;
    }

    /**
     * Told of every decision with its latency, on the calling thread (so it must be cheap): how a
     * Keycloak-facing module puts the decisions in its own metrics registry without this module
     * depending on one.
     */
    @FunctionalInterface
    public interface Listener {
        void decided(DecisionPoint point, Decision decision, long nanos);
    }

    /** Adds a listener of every decision from now on. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The decision for {@code input}; never null, never an exception for an unreachable OPA. */
    public Decision decide(DecisionPoint point, DecisionInput input) {
        return decide(point, input, null);
    }

    /**
     * As {@link #decide(DecisionPoint, DecisionInput)}, with the caller's W3C {@code traceparent}
     * sent as that header, so OPA's distributed tracing puts its span into the caller's trace. A
     * value that is not a well-formed {@code traceparent} (or null) sends none: this module knows
     * no tracing library, only the header.
     */
    public Decision decide(DecisionPoint point, DecisionInput input, String traceparent) {
        long started = System.nanoTime();
        Decision decision = evaluate(point, input, Traceparent.validOrNull(traceparent));
        long nanos = System.nanoTime() - started;
        metrics.record(decision, nanos);
        for (Listener listener : listeners) {
            listener.decided(point, decision, nanos);
        }
        return decision;
    }

    private Decision evaluate(DecisionPoint point, DecisionInput input, String traceparent) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("input", input));
        } catch (JsonProcessingException e) {
            return Decision.failClosed(Decision.FailClosedCause.INPUT_NOT_SERIALIZABLE, "the decision input could not be written as JSON");
        }
        CacheKey key = config.cacheEnabled() ? new CacheKey(point, ByteBuffer.wrap(body)) : null;
        if (key != null) {
            CachedDecision cached = cache.get(key);
            if (cached != null && cached.expiresAtNanos - System.nanoTime() > 0) {
                return cached.decision.fromCache();
            }
        }
        Decision decision = ask(point, body, traceparent);
        if (key != null && decision.source() == Decision.Source.OPA) {
            remember(key, decision);
        }
        return decision;
    }

    private Decision ask(DecisionPoint point, byte[] body, String traceparent) {
        PooledHttpTransport.Answer answer;
        try {
            answer = pooled != null ? pooled.post(endpoints.get(point).getRawPath(), body, traceparent)
                    : postWithJdkClient(point, body, traceparent);
        } catch (HttpTimeoutException | java.net.SocketTimeoutException e) {
            LOG.log(Level.WARNING, "OPA did not answer {0} within {1}; denying", new Object[] {point, config.requestTimeout()});
            return Decision.failClosed(Decision.FailClosedCause.OPA_TIMEOUT, "the policy decision point did not answer in time");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "OPA unreachable for {0} at {1}: {2}; denying",
                    new Object[] {point, config.baseUrl(), e.toString()});
            return Decision.failClosed(Decision.FailClosedCause.OPA_UNAVAILABLE, "the policy decision point could not be reached");
        }
        if (answer.status() == 401 || answer.status() == 403) {
            LOG.log(Level.WARNING, "OPA refused {0} with HTTP {1}: check the client''s OPA token; denying",
                    new Object[] {point, answer.status()});
            return Decision.failClosed(Decision.FailClosedCause.OPA_UNAUTHORIZED, "the policy decision point refused this client's credentials");
        }
        if (answer.status() != 200) {
            LOG.log(Level.WARNING, "OPA answered {0} with HTTP {1}; denying", new Object[] {point, answer.status()});
            return Decision.failClosed(Decision.FailClosedCause.OPA_ERROR, "the policy decision point answered HTTP " + answer.status());
        }
        return parse(point, answer.body());
    }

    /** For https sidecars: the JDK client (the pooled transport speaks plain http only). */
    private PooledHttpTransport.Answer postWithJdkClient(DecisionPoint point, byte[] body, String traceparent)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoints.get(point))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.bearerToken() != null) {
            request.header("Authorization", "Bearer " + config.bearerToken());
        }
        if (traceparent != null) {
            request.header(Traceparent.HEADER, traceparent);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new PooledHttpTransport.Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while asking the policy decision point");
        }
    }

    static Decision parse(DecisionPoint point, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return Decision.failClosed(Decision.FailClosedCause.OPA_BAD_RESPONSE, "the policy decision point's answer is not JSON");
        }
        JsonNode result = root == null ? null : root.get("result");
        if (result == null || result.isNull()) {
            return Decision.failClosed(Decision.FailClosedCause.OPA_UNDEFINED, "the policy decision point has no decision "
                    + point.path() + " (is the DIVE bundle loaded?)");
        }
        JsonNode allow = result.get("allow");
        JsonNode reasons = result.get("reasons");
        JsonNode obligations = result.path("obligations");
        if (allow == null || !allow.isBoolean() || reasons == null || !reasons.isArray() || !obligations.isArray()) {
            return Decision.failClosed(Decision.FailClosedCause.OPA_BAD_RESPONSE, "the decision lacks allow, reasons or obligations");
        }
        List<Decision.Reason> reasonList = new ArrayList<>();
        for (JsonNode reason : reasons) {
            if (!reason.path("code").isTextual()) {
                return Decision.failClosed(Decision.FailClosedCause.OPA_BAD_RESPONSE, "a deny reason has no code");
            }
            reasonList.add(new Decision.Reason(reason.path("code").asText(), reason.path("message").asText("")));
        }
        if (!allow.booleanValue() && reasonList.isEmpty()) {
            return Decision.failClosed(Decision.FailClosedCause.OPA_BAD_RESPONSE, "a deny without a reason");
        }
        List<Map<String, Object>> obligationList = new ArrayList<>();
        for (JsonNode obligation : obligations) {
            @SuppressWarnings("unchecked")
            Map<String, Object> value = JSON.convertValue(obligation, Map.class);
            obligationList.add(value);
        }
        String decisionId = root.path("decision_id").asText(null);
        return new Decision(allow.booleanValue(), reasonList, obligationList, Decision.Source.OPA, decisionId);
    }

    private void remember(CacheKey key, Decision decision) {
        long now = System.nanoTime();
        if (cache.size() >= config.cacheMaxEntries()) {
            cache.entrySet().removeIf(entry -> entry.getValue().expiresAtNanos - now <= 0);
            if (cache.size() >= config.cacheMaxEntries()) {
                return; // Full of live entries: bounded memory beats a higher hit rate.
            }
        }
        cache.put(key, new CachedDecision(decision, now + config.cacheTtl().toNanos()));
    }

    /** The complete input as sent, per decision point: a decision is reused for identical input only. */
    private record CacheKey(DecisionPoint point, ByteBuffer input) {
    }

    private record CachedDecision(Decision decision, long expiresAtNanos) {
    }
}
