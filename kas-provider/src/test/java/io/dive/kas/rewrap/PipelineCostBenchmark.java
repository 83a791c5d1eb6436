package io.dive.kas.rewrap;

import io.dive.kas.admission.InFlightLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the rewrap pipeline itself costs per same-file rewrap (issue 16: is the one-client time
 * beyond the named {@code Server-Timing} stages the KAS's?): {@link RewrapPipeline} with a policy
 * that permits at once and a warm unwrapped-key cache (no private-key operation), the answer's JSON
 * included, Keycloak and OPA left out. In-process, one thread, 5 rounds (the first is the warm-up):
 * {@code java -Djava.util.logging.config.file=<a file with .level=OFF> -cp <kas-provider
 * test-classes:classes:test classpath> io.dive.kas.rewrap.PipelineCostBenchmark [REWRAPS]}.
 */
public final class PipelineCostBenchmark {

    private PipelineCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rewraps = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        RewrapPipeline pipeline = RewrapPipeline.of(input -> RewrapFixtures.PERMIT, DecisionCache.OFF,
                new InFlightLimit(0, Duration.ofSeconds(1)), new UnwrappedKeyCache(Duration.ofSeconds(60), 100, Clock.systemUTC()),
                Duration.ofSeconds(30), Clock.systemUTC());
        String body = RewrapFixtures.envelope(RewrapFixtures.RSA, RewrapFixtures.file(RewrapFixtures.RSA_KEY));
        Caller caller = RewrapFixtures.caller(RewrapFixtures.keys(new AtomicInteger()));
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < rewraps; i++) {
                RewrapPipeline.Outcome outcome = pipeline.rewrap(caller, body);
                if (outcome.status() != 200 || outcome.json().isEmpty()) {
                    throw new IllegalStateException("no permit: HTTP " + outcome.status());
                }
            }
            System.out.printf("round %d: %.1f µs per same-file rewrap (pipeline and answer JSON)%n", round,
                    (System.nanoTime() - started) / 1e3 / rewraps);
        }
    }
}
