package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.client.KasClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traces across login, token, rewrap and OPA (issue 15): Keycloak and OPA restarted with
 * {@code DIVE_TRACING_ENDPOINT} naming an OTLP/HTTP receiver in this test, a client that sends one
 * {@code traceparent} with its brokered login, its token request and its rewrap, then one trace
 * holds Keycloak's spans of all three, the KAS's OPA and key-provider spans as children of the
 * rewrap's, and OPA's span as the child of the KAS's OPA span; the audit records of that rewrap
 * name the trace. Keycloak and OPA are restarted without tracing afterwards (two restarts in all).
 */
@ExtendWith(DiveStackExtension.class)
class TracingIT {

    private static final String BROKER = "dive-broker";

    @Test
    void oneTraceShowsTheLoginTheTokenTheRewrapAndOpasDecision(DiveStack stack) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            // Ratio 1.0: every span of the trace is exported, whatever the default sampler ratio.
            stack.restart(Map.of("DIVE_TRACING_ENDPOINT", otlp.url(), "DIVE_TRACING_SAMPLER_RATIO", "1.0"), "keycloak", "opa");
            try {
                traced(stack, otlp);
            } finally {
                stack.restart(Map.of(), "keycloak", "opa");
            }
        }
    }

    private static void traced(DiveStack stack, OtlpReceiver otlp) throws Exception {
        SecureRandom random = new SecureRandom();
        String traceId = HexFormat.of().formatHex(random.generateSeed(16));
        String clientSpan = HexFormat.of().formatHex(random.generateSeed(8));
        String traceparent = "00-" + traceId + "-" + clientSpan + "-01";
        otlp.watch(traceId);

        String token = new BrowserSession(stack).traced(traceparent)
                .loginThroughBroker(BROKER, "dive-demo", "usa", "usa-unclassified", KasIT.PASSWORD).path("access_token").asText();
        String kasUrl = KasIT.kasUrl(stack);
        String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED", List.of("USA"),
                List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();
        RewrapLoad load = new RewrapLoad(kasUrl, token, new KasClient().publicKey(kasUrl, KeyAlgorithm.RSA_2048), policy);
        RewrapLoad.Body body = load.fresh(KeyAlgorithm.RSA_2048.newKeyPair(), 1).get(0);
        RewrapLoad.verify(body, load.post(body, traceparent));

        List<OtlpReceiver.Span> trace = otlp.await(traceId, spans -> spans.stream().anyMatch(s -> s.service().equals("opa"))
                && spans.stream().anyMatch(s -> s.name().equals("dive.kas.key_provider"))
                && spans.stream().anyMatch(s -> s.mentions("/kas/v2/rewrap")), Duration.ofSeconds(30));
        String seen = trace.stream().map(s -> s.service() + " " + s.name() + " " + s.spanId() + "<-" + s.parentSpanId())
                .collect(Collectors.joining("\n"));
        Map<String, OtlpReceiver.Span> byId = trace.stream().collect(Collectors.toMap(OtlpReceiver.Span::spanId,
                Function.identity(), (a, b) -> a));

        // Keycloak: the brokered login (the national realm's password form), the token request and the rewrap.
        assertThat(trace).as(seen).anyMatch(s -> s.service().equals("keycloak") && s.mentions("/login-actions/authenticate"));
        assertThat(trace).as(seen).anyMatch(s -> s.service().equals("keycloak") && s.mentions("/protocol/openid-connect/token"));
        OtlpReceiver.Span rewrap = trace.stream().filter(s -> s.service().equals("keycloak") && s.mentions("/kas/v2/rewrap")
                && s.parentSpanId().equals(clientSpan)).findFirst().orElseThrow(() -> new AssertionError("no rewrap span:\n" + seen));

        // The KAS's own spans, below the rewrap's; OPA's span the child of the KAS's OPA span.
        OtlpReceiver.Span kasOpa = only(trace, "dive.kas.opa", seen);
        OtlpReceiver.Span keyProvider = only(trace, "dive.kas.key_provider", seen);
        assertThat(ancestors(kasOpa, byId)).as(seen).contains(rewrap.spanId());
        assertThat(ancestors(keyProvider, byId)).as(seen).contains(rewrap.spanId());
        assertThat(trace).as(seen).anyMatch(s -> s.service().equals("opa") && s.parentSpanId().equals(kasOpa.spanId()));

        // The audit records of the rewrap name the trace: the KAS's key release and OPA's decision log.
        try (MongoClient mongo = MongoClients.create(stack.ferretdbUrl())) {
            var audit = mongo.getDatabase("dive_audit");
            var prefix = Filters.regex("requestId", "^" + traceId + "-[0-9a-f]{16}$");
            assertThat(await(() -> Optional.ofNullable(audit.getCollection("key_releases", BsonDocument.class).find(prefix).first())))
                    .as("key_releases record of the traced rewrap").isPresent();
            assertThat(await(() -> Optional.ofNullable(audit.getCollection("decisions", BsonDocument.class).find(prefix).first())))
                    .as("OPA decision log record of the traced rewrap").isPresent();
        }
    }

    private static OtlpReceiver.Span only(List<OtlpReceiver.Span> trace, String name, String seen) {
        List<OtlpReceiver.Span> named = trace.stream().filter(s -> s.name().equals(name) && s.service().equals("keycloak")).toList();
        assertThat(named).as(seen).hasSize(1);
        return named.get(0);
    }

    /** The span ids above {@code span}, nearest first. */
    private static List<String> ancestors(OtlpReceiver.Span span, Map<String, OtlpReceiver.Span> byId) {
        List<String> chain = new java.util.ArrayList<>();
        for (OtlpReceiver.Span at = span; at != null && !at.parentSpanId().isEmpty() && chain.size() < 50; at = byId.get(at.parentSpanId())) {
            chain.add(at.parentSpanId());
        }
        return chain;
    }

    private static <T> Optional<T> await(java.util.function.Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<T> value = probe.get();
        while (value.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            value = probe.get();
        }
        return value;
    }
}
