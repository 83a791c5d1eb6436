package io.dive.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where Keycloak's time went during a rewrap benchmark, from a JFR recording of its JVM
 * ({@code scripts/bench/rewrap-profile.sh} makes one): every execution sample is put in the first
 * step whose frame it contains (the order below: a sample inside the session check is not counted
 * again under the bearer token), then the hottest methods, inclusive. Samples of the benchmark's
 * login, of the public-key and userinfo endpoints (the benchmark's floor) and of the keystore's first load are left out. JFR cannot
 * walk the RSA operation's intrinsic stubs: that step is undercounted.
 *
 * <pre>
 * mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.KeycloakProfile -Dexec.args="keycloak.jfr"
 * </pre>
 */
public final class KeycloakProfile {

    /** A step of the request and the frames (substrings of "class.method") that mark it. */
    record Step(String name, List<String> frames) {
        boolean in(List<String> stack) {
            return stack.stream().anyMatch(frame -> frames.stream().anyMatch(frame::contains));
        }
    }

    private static final Step LEFT_OUT = new Step("login, public key, keystore load", List.of("LoginActionsService",
            "Argon2", "TokenEndpoint", "AuthorizationEndpoint", "FreeMarker", "IdentityBrokerService",
            "AbstractOAuth2IdentityProvider", "KasResource.publicKey", "UserInfoEndpoint", "SoftwareKeyProviderFactory.loadOrGenerate"));

    private static final List<Step> STEPS = List.of(
            new Step("audit writer thread (MongoDB inserts)", List.of("AuditWriter.run")),
            new Step("OPA decision-log ingestion", List.of("OpaDecisionLog", "AuditResource")),
            new Step("KAS: RSA unwrap (undercounted)", List.of("KeyWrapping.rsaOaepUnwrap")),
            new Step("KAS: OPA call (client side)", List.of("io.dive.opa.")),
            new Step("KAS: session check", List.of("SessionCheck.requireLive")),
            new Step("KAS: bearer token (parse, key lookup, signature)", List.of("AccessTokenVerifier.verifiedToken")),
            new Step("KAS: requester claims", List.of("AccessTokenVerifier.requester")),
            new Step("KAS: DPoP", List.of("io.dive.kas.dpop.")),
            new Step("KAS: signed request token", List.of("SignedRequestVerifier.verify")),
            new Step("KAS: audit event (log line, subscribers)", List.of("KasAudit.record")),
            new Step("KAS: meters", List.of("KasMeters")),
            new Step("KAS: rewrap to the client key", List.of("Rewrapper.wrap")),
            new Step("KAS: policy parse", List.of("KeyReleaseDecider.forPolicy")),
            new Step("KAS: address", List.of("KasAddress.of")),
            new Step("KAS: other", List.of("io.dive.kas.")),
            new Step("Keycloak: session close and commit", List.of("CloseSessionFilter", "TransactionalSessionHandler.close")),
            new Step("Keycloak/RESTEasy around the resource", List.of("EnhancedQueueExecutor")),
            new Step("vert.x event loop (HTTP parse, write)", List.of("NioEventLoop")));

    private KeycloakProfile() {
    }

    /** The {@code limit} largest counts, each with its share of {@code total}. */
    private static void print(Map<String, Integer> counts, int total, int limit) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(entry -> System.out.printf("%6d %5.1f %%  %s%n", entry.getValue(), 100.0 * entry.getValue() / total,
                        entry.getKey()));
    }

    /**
     * What metrics and tracing take of Keycloak's execution samples (issue 15, must-show 5): the
     * cost measured inside one run, which restarts between settings cannot resolve on this machine.
     * A sample belongs to the code of its leaf-most frame outside the JDK (JDK time is its caller's),
     * so an OPA call made inside a span is the OPA call's, not the span's.
     */
    static final List<Step> OBSERVABILITY = List.of(
            new Step("tracing (OpenTelemetry, Keycloak's tracing provider, DIVE's spans)", List.of("io.opentelemetry.",
                    "io.quarkus.opentelemetry.", "org.keycloak.tracing.", "io.vertx.tracing.", "KeycloakSpans")),
            new Step("metrics (Micrometer, /metrics, DIVE's meters)", List.of("io.micrometer.", "io.quarkus.micrometer.",
                    "io.smallrye.metrics.", "io.dive.support.metrics.", "KasMeters")));

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** The step of the sample's leaf-most frame outside the JDK ({@code stack} runs from the leaf). */
    private static String leafOwner(List<Step> steps, List<String> stack) {
        for (String frame : stack) {
            if (JDK.stream().noneMatch(frame::startsWith)) {
                return steps.stream().filter(s -> s.frames().stream().anyMatch(frame::contains)).map(Step::name)
                        .findFirst().orElse("other");
            }
        }
        return "other";
    }

    /** Samples of one recording put into the first step each contains; "other" for the rest. */
    record Counts(Map<String, Integer> steps, Map<String, Integer> inclusive, int counted, int leftOut) {
        double share(String step) {
            return (double) steps.getOrDefault(step, 0) / counted;
        }
    }

    static Counts count(Path recording, Step leftOut, List<Step> steps, boolean byLeaf) throws java.io.IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        steps.forEach(step -> counts.put(step.name(), 0));
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        int counted = 0;
        int left = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                stack.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            if (leftOut.in(stack)) {
                left++;
                continue;
            }
            counted++;
            String step = byLeaf ? leafOwner(steps, stack)
                    : steps.stream().filter(s -> s.in(stack)).map(Step::name).findFirst().orElse("other");
            counts.merge(step, 1, Integer::sum);
            Set<String> seen = new HashSet<>(stack);
            seen.forEach(method -> inclusive.merge(method, 1, Integer::sum));
        }
        if (counted == 0) {
            throw new IllegalStateException("no execution samples in " + recording);
        }
        return new Counts(counts, inclusive, counted, left);
    }

    static Counts observability(Path recording) throws java.io.IOException {
        return count(recording, new Step("nothing", List.of()), OBSERVABILITY, true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !"observability".equals(args[1]))) {
            throw new IllegalArgumentException("usage: KeycloakProfile <recording.jfr> [observability]");
        }
        Counts counts = args.length == 2 ? observability(Path.of(args[0])) : count(Path.of(args[0]), LEFT_OUT, STEPS, false);
        System.out.printf("%d execution samples (%d more left out: %s)%n", counts.counted(), counts.leftOut(),
                args.length == 2 ? "none" : LEFT_OUT.name());
        print(counts.steps(), counts.counted(), counts.steps().size());
        System.out.println("hottest methods (inclusive):");
        print(counts.inclusive(), counts.counted(), 60);
    }
}
