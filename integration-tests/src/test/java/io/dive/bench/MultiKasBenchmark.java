package io.dive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.it.BrowserSession;
import io.dive.it.KasGateway;
import io.dive.kas.KasRealmSettings;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.client.KasCircuitBreaker;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Decrypt latency of a file for one KAS against the same file for three KAS (the broker's, the
 * Italian and the British realm's, each with its own keys), any-of and split, with warm in-process
 * {@link ZtdfClient}s, rounds alternating which row goes first. Any-of files are decrypted both
 * hedged (the client's default head start, or the fifth argument in ms) and all at once (head start
 * 0), and once more with their first KAS stopped (a gateway closed after encrypting: connections
 * refused), where the circuit breaker opens and skips it. Each national KAS alone is measured too:
 * a split file waits for the slowest of its three. Beside every row, the CPU per decrypt of every
 * stack process and of this JVM (the client) from /proc ({@link StackCpu}), and the floor the
 * machine allows: the stack's and the client's CPU of a row spread over all cores, against one
 * KAS's mean latency. Enables the two national realms' KAS (trusting the broker's tokens) for the
 * run and turns them off after. The fourth argument is the client key the KAS wrap released keys
 * to ({@code rsa}, or {@code ec} as the tool does by default). Not a test:
 * {@code java -cp <integration-tests test classpath> io.dive.bench.MultiKasBenchmark http://127.0.0.1:18080 6 40 ec}.
 */
public final class MultiKasBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MultiKasBenchmark() {
    }

    /** One measured row: a file decrypted by a client; its latencies and CPU seconds by process. */
    private record Row(String name, Path file, ZtdfClient client, List<Long> nanos, Map<String, Double> cpu) {
        Row(String name, Path file, ZtdfClient client) {
            this(name, file, client, new ArrayList<>(), new LinkedHashMap<>());
        }
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        KeyAlgorithm clientKey = args.length > 3 && "ec".equals(args[3]) ? KeyAlgorithm.EC_P256 : KeyAlgorithm.RSA_2048;
        Duration headStart = args.length > 4 ? Duration.ofMillis(Long.parseLong(args[4])) : ZtdfClient.DEFAULT_HEAD_START;
        String broker = keycloak + "/realms/dive-broker";
        List<String> nations = List.of("dive-ita", "dive-gbr");
        String admin = adminToken(keycloak);
        for (String realm : nations) {
            setAttributes(keycloak, admin, realm, Map.of(KasRealmSettings.ENABLED, "true", KasRealmSettings.TRUSTED_ISSUERS, broker));
        }
        Path dir = Files.createTempDirectory("multi-kas-bench");
        StackCpu cpu = new StackCpu(Path.of(System.getenv().getOrDefault("DIVE_STATE_DIR", ".dive/stack")));
        try (KasGateway stopped = new KasGateway(keycloak)) {
            String token = new BrowserSession(null, keycloak, keycloak).loginThroughBroker("dive-broker", "dive-demo", "usa",
                    "usa-unclassified", "dive-demo-password").path("access_token").asText();
            Path plain = dir.resolve("plain.bin");
            byte[] data = new byte[64 * 1024];
            new Random(1).nextBytes(data);
            Files.write(plain, data);
            SecurityLabel label = new SecurityLabel("UNCLASSIFIED", List.of("USA", "GBR"), List.of(), List.of(), "USA",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            List<String> three = List.of(broker + "/kas", keycloak + "/realms/dive-ita/kas", keycloak + "/realms/dive-gbr/kas");
            String dead = stopped.url("dive-gbr");
            KasClient kas = new KasClient(Duration.ofSeconds(30), clientKey);
            KasCircuitBreaker hedgedBreaker = new KasCircuitBreaker(KasCircuitBreaker.Settings.DEFAULT);
            KasCircuitBreaker allBreaker = new KasCircuitBreaker(KasCircuitBreaker.Settings.DEFAULT);
            ZtdfClient hedged = new ZtdfClient(kas, Set.of(dead), hedgedBreaker, headStart);
            ZtdfClient allAtOnce = new ZtdfClient(kas, Set.of(dead), allBreaker, Duration.ZERO);
            System.out.println("client key " + clientKey.openTdfName() + ", head start " + headStart.toMillis() + " ms, "
                    + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
            Path any = encrypt(hedged, plain, dir, "any", label, three, false);
            Path deadFirst = encrypt(hedged, plain, dir, "dead-first", label, List.of(dead, three.get(0), three.get(1)), false);
            stopped.close(); // the British KAS of that file is stopped from here on
            List<Row> rows = List.of(
                    new Row("1 KAS", encrypt(hedged, plain, dir, "one", label, List.of(three.get(0)), false), hedged),
                    new Row("ITA KAS alone", encrypt(hedged, plain, dir, "ita", label, List.of(three.get(1)), false), hedged),
                    new Row("GBR KAS alone", encrypt(hedged, plain, dir, "gbr", label, List.of(three.get(2)), false), hedged),
                    new Row("any-of hedged", any, hedged),
                    new Row("any-of at once", any, allAtOnce),
                    new Row("split", encrypt(hedged, plain, dir, "split", label, three, true), hedged),
                    new Row("1st stopped, hedged", deadFirst, hedged),
                    new Row("1st stopped, at once", deadFirst, allAtOnce));
            Map<KasCircuitBreaker, Integer> untilOpen = new LinkedHashMap<>(Map.of(hedgedBreaker, 0, allBreaker, 0));
            StackCpu.Snapshot first = cpu.snapshot();
            StackCpu.Snapshot tenth = first;
            for (int i = 0; i < 10; i++) { // what a snapshot costs the client (CPU ticks are 10 ms)
                tenth = cpu.snapshot();
            }
            for (int round = -2; round < rounds; round++) { // two warm-up rounds
                List<Row> order = new ArrayList<>(rows);
                Collections.rotate(order, Math.floorMod(round, order.size()));
                for (Row row : order) {
                    KasCircuitBreaker breaker = row.client() == hedged ? hedgedBreaker : allBreaker;
                    StackCpu.Snapshot before = cpu.snapshot();
                    for (int i = 0; i < perRound; i++) {
                        long started = System.nanoTime();
                        row.client().decrypt(row.file(), dir.resolve("out"), token, done -> { });
                        if (round >= 0) {
                            row.nanos().add(System.nanoTime() - started);
                        }
                        if (row.file() == deadFirst && !breaker.isOpen(dead)) {
                            untilOpen.merge(breaker, 1, Integer::sum);
                        }
                    }
                    if (round >= 0) {
                        add(row.cpu(), before, cpu.snapshot());
                    }
                }
            }
            report(rows, (tenth.generator() - first.generator()) / 10, perRound);
            System.out.printf(Locale.ROOT, "stopped KAS: circuit open after %d decrypts (hedged) / %d (at once) of its any-of file;"
                    + " open at the end: %s / %s%n", untilOpen.get(hedgedBreaker) + 1, untilOpen.get(allBreaker) + 1,
                    hedgedBreaker.isOpen(dead), allBreaker.isOpen(dead));
        } finally {
            String fresh = adminToken(keycloak); // the first has expired by now
            for (String realm : nations) {
                setAttributes(keycloak, fresh, realm, Map.of(KasRealmSettings.ENABLED, "false", KasRealmSettings.TRUSTED_ISSUERS, ""));
            }
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** Adds the CPU seconds between two snapshots by stack process, the client (this JVM) and others. */
    private static void add(Map<String, Double> cpu, StackCpu.Snapshot before, StackCpu.Snapshot after) {
        double counted = 0;
        for (Map.Entry<String, Double> component : after.components().entrySet()) {
            double seconds = component.getValue() - before.components().getOrDefault(component.getKey(), 0.0);
            cpu.merge(component.getKey(), seconds, Double::sum);
            counted += seconds;
        }
        double client = after.generator() - before.generator();
        cpu.merge("client", client, Double::sum);
        cpu.merge("others", after.machine() - before.machine() - counted - client, Double::sum);
    }

    /**
     * Latency and CPU per decrypt of every row, and the floor of its mean ratio to one KAS: the
     * stack's and client's CPU of the row spread over every core cannot take less wall time.
     */
    private static void report(List<Row> rows, double snapshotSeconds, int perRound) {
        int cores = Runtime.getRuntime().availableProcessors();
        double[] baseline = summary(rows.get(0).nanos());
        for (Row row : rows) {
            double[] s = summary(row.nanos());
            int n = row.nanos().size();
            StringBuilder cpuLine = new StringBuilder();
            double ours = 0;
            for (Map.Entry<String, Double> entry : row.cpu().entrySet()) {
                double millis = 1000 * entry.getValue() / n;
                cpuLine.append(String.format(Locale.ROOT, "%s %.2f, ", entry.getKey(), millis));
                ours += "others".equals(entry.getKey()) ? 0 : millis;
            }
            double floor = Math.max(1, ours / cores / baseline[3]);
            System.out.printf(Locale.ROOT, "%-20s n=%d p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, mean %.2f ms; ratio to 1 KAS: p50 %.2f,"
                    + " p95 %.2f, mean %.2f (floor %.2f)%n", row.name(), n, s[0], s[1], s[2], s[3], s[0] / baseline[0],
                    s[1] / baseline[1], s[3] / baseline[3], floor);
            System.out.printf(Locale.ROOT, "%-20s CPU ms per decrypt: %sstack+client %.2f%n", "", cpuLine, ours);
        }
        System.out.printf(Locale.ROOT, "(the CPU figures include two /proc snapshots per %d decrypts, %.1f ms of the client's CPU each;"
                + " floor: max(1, stack+client CPU / %d cores / mean of 1 KAS))%n", perRound, 1000 * snapshotSeconds, cores);
    }
    private static Path encrypt(ZtdfClient client, Path plain, Path dir, String name, SecurityLabel label, List<String> kas,
            boolean split) throws Exception {
        Path file = dir.resolve(name + ".ztdf");
        client.encrypt(plain, file, label, kas, KeyAlgorithm.RSA_2048, split, done -> { });
        return file;
    }

    /** p50, p95, p99 and mean in milliseconds. */
    private static double[] summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double[] result = new double[4];
        double[] quantiles = {0.50, 0.95, 0.99};
        for (int i = 0; i < 3; i++) {
            result[i] = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantiles[i] * sorted.size()) - 1)) / 1e6;
        }
        result[3] = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        return result;
    }

    private static String adminToken(String keycloak) throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=" + URLEncoder.encode(
                System.getenv().getOrDefault("DIVE_ADMIN_USER", "admin"), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(System.getenv().getOrDefault("DIVE_ADMIN_PASSWORD", "admin"), StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    /** Sets realm attributes, keeping the others (the admin API replaces the whole map). */
    private static void setAttributes(String keycloak, String admin, String realm, Map<String, String> values) throws Exception {
        URI uri = URI.create(keycloak + "/admin/realms/" + realm);
        JsonNode current = JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + admin).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        ObjectNode update = JSON.createObjectNode();
        ObjectNode attributes = update.putObject("attributes");
        current.path("attributes").fields().forEachRemaining(entry -> attributes.set(entry.getKey(), entry.getValue()));
        values.forEach(attributes::put);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(update.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("could not update realm " + realm + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
