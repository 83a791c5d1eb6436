package io.dive.bench;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What metrics and tracing cost (issue 15, must-show 5): token issuance and rewrap throughput, and
 * the stack's CPU per request by process, in four settings measured in one run — both off (Keycloak
 * {@code --metrics-enabled=false}, no tracing), metrics on ({@code /metrics} scraped every 5 s),
 * metrics and tracing on at the documented sampler ratio ({@code DIVE_TRACING_SAMPLER_RATIO}), and,
 * as information, tracing every request (ratio 1.0). Keycloak and OPA restart for each setting
 * ({@code ./dive stop}, {@code ./dive start --no-build}); cycles alternate the order (off first, then
 * off last) so that a drift of the machine hits every setting alike; each phase warms Keycloak up
 * with as many requests as it then measures. The spans go to an OTLP/HTTP receiver in a
 * process of its own ({@link SpanSink}), whose CPU is reported apart from the stack's. The load
 * generators are the existing ones: the refresh-token grant of {@link TokenIssuanceBenchmark} and
 * the pre-signed fresh rewraps of {@link RewrapLoad}.
 *
 * <pre>
 * ./dive start
 * java -cp "$(cat integration-tests/target/bench.classpath):integration-tests/target/test-classes" \
 *     io.dive.bench.ObservabilityCostBenchmark http://127.0.0.1:18080 2 3000 16 100 0.1 1.0
 * </pre>
 * Arguments: Keycloak URL, cycles (each measures every setting once), token requests per phase,
 * rewrap clients, rewraps per client per phase, the documented sampler ratio, the ratio measured as
 * information ({@code -}: none). Run from the checkout
 * (it calls {@code ./dive}); Keycloak and OPA are stopped at the end ({@code ./dive start} brings
 * them back with the defaults).
 */
public final class ObservabilityCostBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Setting OFF = new Setting("off", false, null);

    /** One stack setting: metrics on or off, tracing off ({@code ratio} null) or at a sampler ratio. */
    record Setting(String name, boolean metrics, String ratio) {
        Map<String, String> environment(String sink) {
            Map<String, String> environment = new HashMap<>();
            environment.put("DIVE_METRICS", String.valueOf(metrics));
            environment.put("DIVE_TRACING_ENDPOINT", ratio == null ? "" : sink);
            if (ratio != null) {
                environment.put("DIVE_TRACING_SAMPLER_RATIO", ratio);
            }
            return environment;
        }
    }

    /** One measured phase: throughput, then stack and span-sink CPU milliseconds per request. */
    record Phase(Setting setting, int cycle, double tokens, double rewraps, double tokenCpu, double rewrapCpu,
            double sinkTokenCpu, double sinkRewrapCpu, KeycloakRecording.Share share) {
    }

    private ObservabilityCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = new BenchArguments(args);
        String keycloak = arguments.keycloak();
        int cycles = arguments.number(1, 2);
        int tokenRequests = arguments.number(2, 3000);
        int rewrapClients = arguments.number(3, 16);
        int rewrapsPerClient = arguments.number(4, 100);
        String ratio = arguments.text(5, "0.1");
        String information = arguments.text(6, "1.0");
        List<Setting> settings = new ArrayList<>(List.of(OFF, new Setting("metrics", true, null),
                new Setting("metrics+traces@" + ratio, true, ratio)));
        if (!"-".equals(information)) {
            settings.add(new Setting("metrics+traces@" + information, true, information));
        }
        StackCpu cpu = new StackCpu(Path.of(System.getenv().getOrDefault("DIVE_STATE_DIR", ".dive/stack")));
        List<Phase> phases = new ArrayList<>();
        try (SpanSink sink = SpanSink.start()) {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                List<Setting> order = new ArrayList<>(settings);
                if (cycle % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Setting setting : order) {
                    restart(setting.environment(sink.url()));
                    phases.add(measure(keycloak, setting, cycle, cpu, sink, tokenRequests, rewrapClients, rewrapsPerClient));
                }
            }
        } finally {
            dive(Map.of(), "stop", "keycloak");
            dive(Map.of(), "stop", "opa");
        }
        System.out.println();
        for (Setting setting : settings.subList(1, settings.size())) {
            report(phases, setting, "token issuance", Phase::tokens, Phase::tokenCpu);
            report(phases, setting, "rewrap (fresh, " + rewrapClients + " clients)", Phase::rewraps, Phase::rewrapCpu);
            reportShare(phases, setting);
        }
    }

    private static Phase measure(String keycloak, Setting setting, int cycle, StackCpu cpu, SpanSink sink, int tokenRequests,
            int rewrapClients, int rewrapsPerClient) throws Exception {
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        if (setting.metrics()) {
            // What Prometheus would do: read /metrics every 5 s (the management port of ./dive's defaults).
            String metrics = System.getProperty("dive.bench.metricsUrl", "http://127.0.0.1:19000/metrics");
            scraper.scheduleAtFixedRate(() -> scrape(metrics), 0, 5, TimeUnit.SECONDS);
        }
        try {
            String load = loadAverage();
            String tokenUrl = keycloak + "/realms/dive-broker/protocol/openid-connect/token";
            String refresh = TokenIssuanceBenchmark.refreshToken(tokenUrl, "dive-demo");
            TokenIssuanceBenchmark.run(tokenUrl, "dive-demo", refresh, 4, tokenRequests); // warm-up (JIT)
            KeycloakRecording recording = KeycloakRecording.start(setting.name() + "-cycle" + cycle);
            long spans = sink.spans();
            StackCpu.Snapshot before = cpu.snapshot();
            double sinkBefore = sink.cpuSeconds();
            TokenIssuanceBenchmark.Result tokens = TokenIssuanceBenchmark.run(tokenUrl, "dive-demo", refresh, 4, tokenRequests);
            StackCpu.Snapshot after = cpu.snapshot();
            int issued = tokens.latencies().size();
            double sinkTokens = (sink.cpuSeconds() - sinkBefore) * 1000 / issued;
            long tokenSpans = sink.spans() - spans;
            String tokenCpu = StackCpu.perRequest(before, after, issued).replace(" per permit", " per token");
            double tokenStack = StackCpu.serverMillis(before, after, issued);

            String kasUrl = keycloak + "/realms/dive-broker/kas";
            String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED",
                    List.of("USA", "GBR"), List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();
            RewrapLoad rewrap = new RewrapLoad(kasUrl, RewrapBenchmark.token(keycloak),
                    new KasClient().publicKey(kasUrl, KeyAlgorithm.RSA_2048), policy);
            List<KeyPair> keys = new ArrayList<>();
            for (int i = 0; i < rewrapClients; i++) {
                keys.add(KeyAlgorithm.RSA_2048.newKeyPair());
            }
            rewrap.run(RewrapBenchmark.bodies(rewrap, keys, rewrapClients, rewrapsPerClient, true, null, null), 0); // warm-up
            List<List<RewrapLoad.Body>> bodies = RewrapBenchmark.bodies(rewrap, keys, rewrapClients, rewrapsPerClient, true, null, null);
            spans = sink.spans();
            before = cpu.snapshot();
            sinkBefore = sink.cpuSeconds();
            RewrapLoad.Run rewraps = rewrap.run(bodies, 10);
            after = cpu.snapshot();
            int permits = rewraps.latencies().length;
            if (rewraps.errors() > 0 || permits == 0) {
                throw new IllegalStateException(rewraps.errors() + " rewrap answers were neither a permit nor a 429/503: "
                        + rewraps.statuses());
            }
            double sinkRewraps = (sink.cpuSeconds() - sinkBefore) * 1000 / permits;
            KeycloakRecording.Share share = recording == null ? null : recording.stop();
            Phase phase = new Phase(setting, cycle, issued / tokens.seconds(), rewraps.rate(), tokenStack,
                    StackCpu.serverMillis(before, after, permits), sinkTokens, sinkRewraps, share);
            System.out.printf(Locale.ROOT, "cycle %d %-20s load %s: %.0f tokens/s (stack %.2f ms CPU/token, %d spans, sink %.3f ms"
                    + " CPU/token), %.0f rewraps/s (stack %.2f ms CPU/permit, %d spans, sink %.3f ms CPU/permit, other answers %s,"
                    + " Keycloak JIT %.0f %%)%n", cycle, setting.name(), load, phase.tokens(), tokenStack, tokenSpans, sinkTokens,
                    phase.rewraps(), phase.rewrapCpu(), sink.spans() - spans, sinkRewraps, rewraps.statuses(),
                    100 * StackCpu.jitShare(before, after, "keycloak"));
            System.out.println("    tokens:  " + tokenCpu);
            System.out.println("    rewraps: " + StackCpu.perRequest(before, after, permits));
            if (share != null) {
                System.out.printf(Locale.ROOT, "    Keycloak's samples (JFR, %d): tracing %.2f %%, metrics %.2f %%, both %.2f %%%n",
                        share.samples(), 100 * share.tracing(), 100 * share.metrics(), 100 * share.both());
            }
            return phase;
        } finally {
            scraper.shutdownNow();
        }
    }

    /** Throughput and stack CPU per request of {@code setting} against off: per cycle and over all cycles. */
    private static void report(List<Phase> phases, Setting setting, String what, ToDoubleFunction<Phase> rate,
            ToDoubleFunction<Phase> stackCpu) {
        StringBuilder cycles = new StringBuilder();
        for (Phase on : phases) {
            if (on.setting().equals(setting)) {
                Phase off = phases.stream().filter(p -> p.cycle() == on.cycle() && p.setting().equals(OFF)).findFirst().orElseThrow();
                cycles.append(String.format(Locale.ROOT, " cycle %d %.3f;", on.cycle(), rate.applyAsDouble(on) / rate.applyAsDouble(off)));
            }
        }
        double off = mean(phases, OFF, rate);
        double on = mean(phases, setting, rate);
        double cost = (1 - on / off) * 100;
        double cpuOff = mean(phases, OFF, stackCpu);
        double cpuOn = mean(phases, setting, stackCpu);
        System.out.printf(Locale.ROOT, "%-20s %s: off %.0f/s, on %.0f/s, on/off %.3f (%s), cost %.1f %% (goal < 2 %%: %s);"
                + " stack CPU %.2f vs %.2f ms per request, on/off %.3f%n", setting.name(), what, off, on, on / off,
                cycles.toString().trim(), cost, cost < 2 ? "met" : "not met", cpuOn, cpuOff, cpuOn / cpuOff);
    }

    /** Mean share of Keycloak's samples in metrics and tracing code, on and off (the noise floor of the attribution). */
    private static void reportShare(List<Phase> phases, Setting setting) {
        if (phases.stream().anyMatch(p -> p.share() == null)) {
            return;
        }
        double on = mean(phases, setting, p -> p.share().both());
        double off = mean(phases, OFF, p -> p.share().both());
        System.out.printf(Locale.ROOT, "%-20s Keycloak's samples in metrics and tracing code: %.2f %% (off: %.2f %%), cost by"
                + " attribution %.2f %% (goal < 2 %%: %s)%n", setting.name(), 100 * on, 100 * off, 100 * (on - off),
                on - off < 0.02 ? "met" : "not met");
    }

    private static double mean(List<Phase> phases, Setting setting, ToDoubleFunction<Phase> value) {
        return phases.stream().filter(p -> p.setting().equals(setting)).mapToDouble(value).average().orElse(Double.NaN);
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
        Map<String, String> all = new HashMap<>(environment);
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

    /** The 1-minute load average of the machine now (printed beside each phase). */
    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
