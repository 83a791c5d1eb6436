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
    private record Step(String name, List<String> frames) {
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

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: KeycloakProfile <recording.jfr>");
        }
        Map<String, Integer> steps = new LinkedHashMap<>();
        STEPS.forEach(step -> steps.put(step.name(), 0));
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        int counted = 0;
        int leftOut = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                stack.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            if (LEFT_OUT.in(stack)) {
                leftOut++;
                continue;
            }
            counted++;
            String step = STEPS.stream().filter(s -> s.in(stack)).map(Step::name).findFirst().orElse("other");
            steps.merge(step, 1, Integer::sum);
            Set<String> seen = new HashSet<>(stack);
            seen.forEach(method -> inclusive.merge(method, 1, Integer::sum));
        }
        if (counted == 0) {
            throw new IllegalStateException("no execution samples in " + args[0]);
        }
        System.out.printf("%d execution samples (%d more left out: %s)%n", counted, leftOut, LEFT_OUT.name());
        print(steps, counted, steps.size());
        System.out.println("hottest methods (inclusive):");
        print(inclusive, counted, 60);
    }
}
