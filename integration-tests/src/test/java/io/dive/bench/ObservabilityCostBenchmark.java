package io.dive.bench;

import io.dive.it.OtlpReceiver;
import io.dive.it.RewrapLoad;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.client.KasClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What metrics and tracing cost (issue 15, must-show 5): token issuance and rewrap throughput with
 * both off (Keycloak {@code --metrics-enabled=false}, no tracing) and both on ({@code /metrics}
 * scraped every 5 s, Keycloak and OPA tracing every request to an OTLP/HTTP receiver in this JVM), in
 * one run: Keycloak and OPA are restarted for each phase ({@code ./dive stop}, {@code ./dive start}
 * with {@code DIVE_METRICS} and {@code DIVE_TRACING_ENDPOINT}), phases alternate off/on, on/off, so
 * a drift of the shared machine hits both alike. The load generators are the existing ones: the
 * refresh-token grant of {@link TokenIssuanceBenchmark} and the pre-signed fresh rewraps of
 * {@link RewrapLoad}.
 *
 * <pre>
 * ./dive start
 * mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.ObservabilityCostBenchmark -Dexec.args="http://127.0.0.1:18080 2 4000 16 40"
 * </pre>
 * Arguments: Keycloak URL, cycles (each one off and one on phase), token requests per phase, rewrap
 * clients, rewraps per client per phase. Run from the checkout (it calls {@code ./dive}).
 */
public final class ObservabilityCostBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Phase(boolean on, double tokens, double rewraps, String load) {
    }

    private ObservabilityCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int tokenRequests = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        int rewrapClients = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int rewrapsPerClient = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        List<Phase> phases = new ArrayList<>();
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                for (boolean on : cycle % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    restart(on ? Map.of("DIVE_METRICS", "true", "DIVE_TRACING_ENDPOINT", otlp.url())
                            : Map.of("DIVE_METRICS", "false", "DIVE_TRACING_ENDPOINT", ""));
                    long spans = otlp.received();
                    Phase phase = measure(keycloak, on, tokenRequests, rewrapClients, rewrapsPerClient);
                    phases.add(phase);
                    System.out.printf(Locale.ROOT, "cycle %d %-3s: %.0f tokens/s, %.0f rewraps/s, %d spans received, load %s%n",
                            cycle, on ? "on" : "off", phase.tokens(), phase.rewraps(), otlp.received() - spans, phase.load());
                }
            }
        } finally {
            restart(Map.of()); // the stack as ./dive start leaves it by default
        }
        double tokensOff = mean(phases, false, true);
        double tokensOn = mean(phases, true, true);
        double rewrapsOff = mean(phases, false, false);
        double rewrapsOn = mean(phases, true, false);
        System.out.println();
        report("token issuance (refresh grant)", tokensOff, tokensOn);
        report("rewrap (fresh, " + rewrapClients + " clients)", rewrapsOff, rewrapsOn);
    }

    private static void report(String what, double off, double on) {
        double cost = (1 - on / off) * 100;
        System.out.printf(Locale.ROOT, "%s: off %.0f/s, on %.0f/s, on/off %.3f, cost %.1f %% (goal < 2 %%: %s)%n", what, off, on,
                on / off, cost, cost < 2 ? "met" : "not met");
    }

    private static double mean(List<Phase> phases, boolean on, boolean tokens) {
        return phases.stream().filter(p -> p.on() == on).mapToDouble(p -> tokens ? p.tokens() : p.rewraps()).average()
                .orElse(Double.NaN);
    }

    private static Phase measure(String keycloak, boolean on, int tokenRequests, int rewrapClients, int rewrapsPerClient)
            throws Exception {
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        if (on) {
            // What Prometheus would do: read /metrics every 5 s (the management port of ./dive's defaults).
            String metrics = System.getProperty("dive.bench.metricsUrl", "http://127.0.0.1:19000/metrics");
            scraper.scheduleAtFixedRate(() -> scrape(metrics), 0, 5, TimeUnit.SECONDS);
        }
        try {
            String tokenUrl = keycloak + "/realms/dive-broker/protocol/openid-connect/token";
            String refresh = TokenIssuanceBenchmark.refreshToken(tokenUrl, "dive-demo");
            TokenIssuanceBenchmark.run(tokenUrl, "dive-demo", refresh, 4, tokenRequests / 2); // warm-up (JIT)
            TokenIssuanceBenchmark.Result tokens = TokenIssuanceBenchmark.run(tokenUrl, "dive-demo", refresh, 4, tokenRequests);

            String kasUrl = keycloak + "/realms/dive-broker/kas";
            String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED",
                    List.of("USA", "GBR"), List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();
            RewrapLoad load = new RewrapLoad(kasUrl, RewrapBenchmark.token(keycloak),
                    new KasClient().publicKey(kasUrl, KeyAlgorithm.RSA_2048), policy);
            List<KeyPair> keys = new ArrayList<>();
            for (int i = 0; i < rewrapClients; i++) {
                keys.add(KeyAlgorithm.RSA_2048.newKeyPair());
            }
            load.run(RewrapBenchmark.bodies(load, keys, rewrapClients, rewrapsPerClient / 2, true, null, null), 0); // warm-up
            RewrapLoad.Run rewraps = load.run(RewrapBenchmark.bodies(load, keys, rewrapClients, rewrapsPerClient, true, null, null), 10);
            if (rewraps.errors() > 0) {
                throw new IllegalStateException(rewraps.errors() + " rewrap answers were neither a permit nor a 429/503: "
                        + rewraps.statuses());
            }
            return new Phase(on, tokens.latencies().size() / tokens.seconds(), rewraps.rate(), loadAverage());
        } finally {
            scraper.shutdownNow();
        }
    }

    private static void scrape(String url) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            System.out.println("scrape failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Keycloak and OPA stopped, then ./dive start with {@code environment} (the distribution as built);
     * 64 rewraps in flight so that the in-flight bound (4 per core) does not shed the clients.
     */
    private static void restart(Map<String, String> environment) throws Exception {
        dive(Map.of(), "stop", "keycloak");
        dive(Map.of(), "stop", "opa");
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.put("KC_SPI_REALM_RESTAPI_EXTENSION__KAS__MAX_REWRAPS_IN_FLIGHT", "64");
        dive(all, "start", "--no-build");
    }

    private static void dive(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("./dive"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("DIVE_SKIP_BUILD", "1");
        builder.environment().putAll(environment);
        if (!Files.isExecutable(Path.of("dive"))) {
            throw new IllegalStateException("run from the checkout: ./dive is not here");
        }
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("./dive " + String.join(" ", arguments) + " failed");
        }
    }

    /** The 1-minute load average of the machine now (shared with other work: printed beside each figure). */
    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
