package io.dive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What the audit trail costs a rewrap (issue 13, must-show 7): the same fresh-rewrap load
 * ({@link RewrapLoad}, the bodies of {@link RewrapBenchmark}) against the demo stack with the audit
 * trail off ({@code DIVE_AUDIT_SINK=none}: no record and no OPA decision log), to FerretDB, to
 * FerretDB while it is stopped (records wait in the journal) and to the JSON-lines file — each
 * throughput and p95 as a ratio to "off" of the same round. Keycloak and OPA are restarted by
 * {@code ./dive} whenever the sink changes; the order is reversed in every other round.
 *
 * <pre>
 * ./dive start
 * mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.AuditSinkBenchmark -Dexec.args="http://127.0.0.1:18080 . 2 40"
 * </pre>
 * Arguments: Keycloak URL, the project folder (where {@code ./dive} is), rounds, requests per client
 * per run (32 clients).
 */
public final class AuditSinkBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CLIENTS = 32;

    /** The audit settings compared. */
    enum Mode {
        OFF("none", false), FERRETDB("mongodb", false), FERRETDB_DOWN("mongodb", true), FILE("file", false);

        final String sink;
        final boolean ferretDbDown;

        Mode(String sink, boolean ferretDbDown) {
            this.sink = sink;
            this.ferretDbDown = ferretDbDown;
        }
    }

    private AuditSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        Path root = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int perClient = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        String kasUrl = keycloak + "/realms/dive-broker/kas";
        List<KeyPair> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(KeyAlgorithm.RSA_2048.newKeyPair());
        }
        String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED",
                List.of("USA", "GBR"), List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();

        List<Map<Mode, double[]>> results = new ArrayList<>();
        String running = null;
        for (int round = 1; round <= rounds; round++) {
            List<Mode> order = new ArrayList<>(List.of(Mode.values()));
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            Map<Mode, double[]> byMode = new EnumMap<>(Mode.class);
            for (Mode mode : order) {
                if (!mode.sink.equals(running)) { // FerretDB and FerretDB stopped share one start
                    restart(root, mode);
                    running = mode.sink;
                }
                RewrapLoad load = new RewrapLoad(kasUrl, RewrapBenchmark.token(keycloak),
                        new KasClient().publicKey(kasUrl, KeyAlgorithm.RSA_2048), policy);
                load.run(RewrapBenchmark.bodies(load, clients, CLIENTS, perClient / 2, true, null, null), 0); // warm-up
                if (mode.ferretDbDown) {
                    dive(root, mode, "stop", "ferretdb");
                }
                RewrapLoad.Run run = load.run(RewrapBenchmark.bodies(load, clients, CLIENTS, perClient, true, null, null), 20);
                RewrapBenchmark.print(round, mode.name().toLowerCase(Locale.ROOT), CLIENTS, run);
                JsonNode health = health(keycloak);
                System.out.printf("round %d %s: audit %s, queueDepth %d, spilled %d, written %d; %s%n", round, mode,
                        health.path("sink").asText(), health.path("queueDepth").asLong(), health.path("spilled").asLong(),
                        health.path("written").asLong(), loadAverage());
                if (mode.ferretDbDown) {
                    dive(root, mode, "start", "--no-build");
                    awaitDrained(keycloak);
                }
                byMode.put(mode, new double[] {run.rate(), run.ms(95)});
            }
            results.add(byMode);
        }
        System.out.println();
        System.out.println("| audit | rewraps/s | ratio to off | p95 | ratio to off |");
        System.out.println("|---|---|---|---|---|");
        for (Mode mode : Mode.values()) {
            double rate = 0;
            double p95 = 0;
            double rateRatio = 0;
            double p95Ratio = 0;
            for (Map<Mode, double[]> round : results) {
                rate += round.get(mode)[0] / results.size();
                p95 += round.get(mode)[1] / results.size();
                rateRatio += round.get(mode)[0] / round.get(Mode.OFF)[0] / results.size();
                p95Ratio += round.get(mode)[1] / round.get(Mode.OFF)[1] / results.size();
            }
            System.out.printf("| %s | %.0f | %.2f | %.1f ms | %.2f |%n", mode.name().toLowerCase(Locale.ROOT), rate, rateRatio,
                    p95, p95Ratio);
        }
        dive(root, Mode.FERRETDB, "stop", "keycloak");
        dive(root, Mode.FERRETDB, "stop", "opa");
        dive(root, Mode.FERRETDB, "start", "--no-build");
    }

    /** Keycloak and OPA again with {@code mode}'s sink (OPA ships its decision log only when the trail is on). */
    private static void restart(Path root, Mode mode) throws Exception {
        dive(root, mode, "stop", "keycloak");
        dive(root, mode, "stop", "opa");
        dive(root, mode, "start", "--no-build");
    }

    private static void dive(Path root, Mode mode, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("dive").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DIVE_AUDIT_SINK", mode.sink);
        // As the rewrap benchmark: the in-flight bound (4 per core) would shed 32 clients.
        builder.environment().put("KC_SPI_REALM_RESTAPI_EXTENSION__KAS__MAX_REWRAPS_IN_FLIGHT", "64");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("./dive " + String.join(" ", arguments) + " exited " + exit);
        }
    }

    private static JsonNode health(String keycloak) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak
                + "/realms/dive-broker/dive-audit/health")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Waits until the journal's backlog is stored (so that it does not load the next mode). */
    private static void awaitDrained(String keycloak) throws Exception {
        for (int i = 0; i < 600 && health(keycloak).path("queueDepth").asLong() > 0; i++) {
            Thread.sleep(500);
        }
    }

    private static String loadAverage() throws IOException {
        return "load average " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
    }
}
