package io.dive.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against an in-process HTTP server standing in for OPA's REST API. */
class OpaClientTest {

    private static final String ALLOW = "{\"result\":{\"allow\":true,\"reasons\":[],"
            + "\"obligations\":[{\"type\":\"display-classification\",\"classification\":\"SECRET\"}]},"
            + "\"decision_id\":\"d-1\"}";
    private static final String DENY = "{\"result\":{\"allow\":false,\"reasons\":[{\"code\":\"NOT_RELEASABLE\","
            + "\"message\":\"not releasable to GBR\"}],\"obligations\":[]}}";

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<String> answer = new AtomicReference<>(ALLOW);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger delayMillis = new AtomicInteger();
    private final List<String> bodies = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final List<String> traceparents = new ArrayList<>();
    private HttpServer server;

    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/data/", exchange -> {
            calls.incrementAndGet();
            synchronized (bodies) {
                bodies.add(exchange.getRequestURI().getPath() + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            }
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] response = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static DecisionInput input(String country, String requestId) {
        return new DecisionInput(
                new DecisionInput.Subject("u-1", "SECRET", "GEHEIM", country, country, List.of("NATO"), "GOV", "2",
                        List.of("pwd", "otp"), 1_795_341_000L, "http://idp"),
                "read",
                new DecisionInput.Resource("doc-1", "SECRET", List.of("NATO"), List.of(), null, List.of(), null, null,
                        null, null, false, null),
                new DecisionInput.Context("2026-11-22T10:00:00Z", requestId));
    }

    @Test
    void sendsTheContractInputAndReadsAnAllow() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).build());
        Decision decision = client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1"));
        assertThat(decision.allow()).isTrue();
        assertThat(decision.source()).isEqualTo(Decision.Source.OPA);
        assertThat(decision.decisionId()).isEqualTo("d-1");
        assertThat(decision.obligations()).hasSize(1);
        String sent = bodies.get(0);
        assertThat(sent).startsWith("/v1/data/dive/authz/decision ");
        var json = new ObjectMapper().readTree(sent.substring(sent.indexOf(' ') + 1)).path("input");
        assertThat(json.path("subject").path("auth_time").asLong()).isEqualTo(1_795_341_000L);
        assertThat(json.path("subject").path("acpCOI").isArray()).isTrue();
        // Absent values are left out, never sent as null (a null clearance would be malformed).
        assertThat(json.path("resource").has("coiOperator")).isFalse();
        assertThat(json.path("resource").has("integrityVerified")).isFalse();
        assertThat(json.path("subject").has("clearanceStatus")).isFalse();
    }

    @Test
    void readsADenyWithItsReasons() throws Exception {
        answer.set(DENY);
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).build());
        Decision decision = client.decide(DecisionPoint.KAS, input("GBR", "r-1"));
        assertThat(decision.allow()).isFalse();
        assertThat(decision.hasReason("NOT_RELEASABLE")).isTrue();
        assertThat(bodies.get(0)).startsWith("/v1/data/dive/kas/decision ");
    }

    @Test
    void anUnreachableOpaDeniesWithAReason() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OpaClient client = new OpaClient(OpaClientSettings.builder("http://127.0.0.1:" + port).build());
        List<String> heard = new java.util.ArrayList<>();
        client.addListener((point, decided, nanos) -> heard.add(point + " " + decided.source() + " "
                + decided.reasons().get(0).code() + " " + (nanos > 0)));
        Decision decision = client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1"));
        assertThat(decision.allow()).isFalse();
        assertThat(decision.source()).isEqualTo(Decision.Source.FAIL_CLOSED);
        assertThat(decision.hasReason(Decision.FailClosedCause.OPA_UNAVAILABLE.name())).isTrue();
        assertThat(client.metrics().snapshot().failClosed()).isEqualTo(1);
        assertThat(heard).as("the listener hears each decision with its latency").containsExactly("AUTHZ FAIL_CLOSED OPA_UNAVAILABLE true");
    }

    @Test
    void aSlowOpaDeniesWithinTheTimeout() throws Exception {
        delayMillis.set(2_000);
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer())
                .requestTimeout(Duration.ofMillis(200)).build());
        long started = System.nanoTime();
        Decision decision = client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1"));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(decision.hasReason("OPA_TIMEOUT")).isTrue();
        assertThat(elapsedMillis).isLessThan(1_500);
    }

    @Test
    void errorStatusesAndUnusableAnswersDeny() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).build());
        status.set(500);
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "a")).hasReason("OPA_ERROR")).isTrue();
        status.set(200);
        answer.set("{}");
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "b")).hasReason("OPA_UNDEFINED")).isTrue();
        answer.set("not json");
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "c")).hasReason("OPA_BAD_RESPONSE")).isTrue();
        answer.set("{\"result\":{\"allow\":\"yes\",\"reasons\":[],\"obligations\":[]}}");
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "d")).hasReason("OPA_BAD_RESPONSE")).isTrue();
        answer.set("{\"result\":{\"allow\":false,\"reasons\":[],\"obligations\":[]}}");
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "e")).hasReason("OPA_BAD_RESPONSE")).isTrue();
        answer.set("{\"result\":{\"allow\":false,\"reasons\":[{\"message\":\"no code\"}],\"obligations\":[]}}");
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "f")).allow()).isFalse();
    }

    @Test
    void theBearerTokenGoesWithEveryDecisionOnEveryPooledConnection() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).bearerToken("t0k3n-of-the-kas").build());
        for (int i = 0; i < 3; i++) {
            assertThat(client.decide(DecisionPoint.KAS, input("DEU", "r-" + i)).allow()).isTrue();
        }
        assertThat(authorizations).containsExactly("Bearer t0k3n-of-the-kas", "Bearer t0k3n-of-the-kas",
                "Bearer t0k3n-of-the-kas");
    }

    @Test
    void aWellFormedTraceparentIsSentAsItsHeaderAndNothingElseIs() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).build());
        client.decide(DecisionPoint.KAS, input("DEU", "t-1"), traceparent);
        client.decide(DecisionPoint.KAS, input("DEU", "t-2"));
        client.decide(DecisionPoint.KAS, input("DEU", "t-3"), traceparent + "\r\nX-Injected: 1");
        client.decide(DecisionPoint.KAS, input("DEU", "t-4"), "00-00000000000000000000000000000000-00f067aa0ba902b7-01");
        client.decide(DecisionPoint.KAS, input("DEU", "t-5"), "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01");
        assertThat(traceparents).containsExactly(traceparent, "null", "null", "null", "null");
        assertThat(calls.get()).isEqualTo(5);
    }

    @Test
    void withoutATokenNoAuthorizationIsSentAndARefusalSaysWhy() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).bearerToken(" ").build());
        status.set(401);
        Decision refused = client.decide(DecisionPoint.KAS, input("DEU", "r-1"));
        assertThat(refused.allow()).isFalse();
        assertThat(refused.source()).isEqualTo(Decision.Source.FAIL_CLOSED);
        assertThat(refused.hasReason("OPA_UNAUTHORIZED")).isTrue();
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void theCacheReusesADecisionForTheIdenticalInputOnly() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).cacheTtl(Duration.ofSeconds(30)).build());
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1")).source()).isEqualTo(Decision.Source.OPA);
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1")).source()).isEqualTo(Decision.Source.CACHE);
        // Any difference in the input — here only the request id — is a different decision.
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "r-2")).source()).isEqualTo(Decision.Source.OPA);
        assertThat(client.decide(DecisionPoint.AUTHZ, input("FRA", "r-1")).source()).isEqualTo(Decision.Source.OPA);
        // Same input at another decision point is another decision.
        assertThat(client.decide(DecisionPoint.KAS, input("DEU", "r-1")).source()).isEqualTo(Decision.Source.OPA);
        assertThat(calls.get()).isEqualTo(4);
        assertThat(client.metrics().snapshot().cacheHits()).isEqualTo(1);
    }

    @Test
    void cachedDecisionsExpire() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).cacheTtl(Duration.ofMillis(100)).build());
        client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1"));
        Thread.sleep(200);
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1")).source()).isEqualTo(Decision.Source.OPA);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void failClosedDecisionsAreNeverCached() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).cacheTtl(Duration.ofSeconds(30)).build());
        status.set(503);
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1")).allow()).isFalse();
        status.set(200);
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "r-1")).allow()).isTrue();
    }

    @Test
    void theCacheIsBounded() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer())
                .cacheTtl(Duration.ofSeconds(30)).cacheMaxEntries(2).build());
        for (String id : List.of("a", "b", "c")) {
            client.decide(DecisionPoint.AUTHZ, input("DEU", id));
        }
        // "c" found the cache full of live entries and was not stored.
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "c")).source()).isEqualTo(Decision.Source.OPA);
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "a")).source()).isEqualTo(Decision.Source.CACHE);
    }

    @Test
    void metricsCountDecisionsAndLatency() throws Exception {
        OpaClient client = new OpaClient(OpaClientSettings.builder(startServer()).build());
        client.decide(DecisionPoint.AUTHZ, input("DEU", "a"));
        answer.set(DENY);
        client.decide(DecisionPoint.AUTHZ, input("DEU", "b"));
        OpaClientMetrics.Snapshot snapshot = client.metrics().snapshot();
        assertThat(snapshot.decisions()).isEqualTo(2);
        assertThat(snapshot.allows()).isEqualTo(1);
        assertThat(snapshot.denies()).isEqualTo(1);
        assertThat(snapshot.percentileMicrosAtMost(50)).isPositive();
    }

    @Test
    void configurationIsValidated() {
        assertThatThrownBy(() -> OpaClientSettings.builder("ftp://opa").build()).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> OpaClientSettings.builder("http://127.0.0.1:8181").cacheTtl(Duration.ofMinutes(5)).build())
                .hasMessageContaining("cacheTtl");
        assertThatThrownBy(() -> OpaClientSettings.builder("http://127.0.0.1:8181").requestTimeout(Duration.ZERO).build())
                .hasMessageContaining("requestTimeout");
        assertThat(OpaClientSettings.builder("http://127.0.0.1:8181/").build().baseUrl().toString())
                .isEqualTo("http://127.0.0.1:8181");
        // A token that would break the header (or add one) is refused, not sent.
        for (String token : List.of("two words", "t\r\nX-Injected: 1", "caf\u00e9")) {
            assertThatThrownBy(() -> OpaClientSettings.builder("http://127.0.0.1:8181").bearerToken(token).build())
                    .hasMessageContaining("bearerToken");
        }
        assertThat(OpaClientSettings.builder("http://127.0.0.1:8181").bearerToken("").build().bearerToken()).isNull();
    }

    @Test
    void connectionsAreReusedAndAServerRestartIsSurvived() throws Exception {
        String url = startServer();
        OpaClient client = new OpaClient(OpaClientSettings.builder(url).build());
        for (int i = 0; i < 50; i++) {
            assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "r-" + i)).allow()).isTrue();
        }
        int port = server.getAddress().getPort();
        server.stop(0);
        // Same port, new server: the pooled keep-alive connection is dead and must be replaced.
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/data/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] response = ALLOW.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, 0); // chunked
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "after-restart")).allow()).isTrue();
        assertThat(client.decide(DecisionPoint.AUTHZ, input("DEU", "chunked-again")).allow()).isTrue();
    }
}
