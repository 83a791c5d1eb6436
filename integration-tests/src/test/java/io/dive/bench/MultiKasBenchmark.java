package io.dive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.it.BrowserSession;
import io.dive.kas.KasRealmSettings;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.SecurityLabel;
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
import java.util.Map;
import java.util.Random;

/**
 * Decrypt latency of a file for one KAS against the same file for three KAS (the broker's, the
 * Italian and the British realm's, each with its own keys), any-of and split, with one
 * {@link ZtdfClient} (warm, in process), rounds alternating which file goes first. Enables the
 * two national realms' KAS (trusting the broker's tokens) for the run and turns them off after.
 * Each national KAS alone is measured too: a split file waits for the slowest of its three. The
 * fourth argument is the client key the KAS wrap released keys to ({@code rsa}, or {@code ec} as the
 * tool does by default): the client signs one request token per KAS and opens one answer per KAS.
 * Not a test: {@code mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.dive.bench.MultiKasBenchmark -Dexec.args="http://127.0.0.1:18080 8 50 ec"}.
 */
public final class MultiKasBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MultiKasBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        KeyAlgorithm clientKey = args.length > 3 && "ec".equals(args[3]) ? KeyAlgorithm.EC_P256 : KeyAlgorithm.RSA_2048;
        String broker = keycloak + "/realms/dive-broker";
        List<String> nations = List.of("dive-ita", "dive-gbr");
        String admin = adminToken(keycloak);
        for (String realm : nations) {
            setAttributes(keycloak, admin, realm, Map.of(KasRealmSettings.ENABLED, "true", KasRealmSettings.TRUSTED_ISSUERS, broker));
        }
        Path dir = Files.createTempDirectory("multi-kas-bench");
        try {
            String token = new BrowserSession(null, keycloak, keycloak).loginThroughBroker("dive-broker", "dive-demo", "usa",
                    "usa-unclassified", "dive-demo-password").path("access_token").asText();
            Path plain = dir.resolve("plain.bin");
            byte[] data = new byte[64 * 1024];
            new Random(1).nextBytes(data);
            Files.write(plain, data);
            SecurityLabel label = new SecurityLabel("UNCLASSIFIED", List.of("USA", "GBR"), List.of(), List.of(), "USA",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            List<String> three = List.of(broker + "/kas", keycloak + "/realms/dive-ita/kas", keycloak + "/realms/dive-gbr/kas");
            ZtdfClient client = new ZtdfClient(new KasClient(Duration.ofSeconds(30), clientKey));
            System.out.println("client key " + clientKey.openTdfName() + ", " + Runtime.version());
            Map<String, Path> files = new LinkedHashMap<>();
            files.put("1 KAS", encrypt(client, plain, dir, "one", label, List.of(three.get(0)), false));
            files.put("ITA KAS alone", encrypt(client, plain, dir, "ita", label, List.of(three.get(1)), false));
            files.put("GBR KAS alone", encrypt(client, plain, dir, "gbr", label, List.of(three.get(2)), false));
            files.put("3 KAS any-of", encrypt(client, plain, dir, "any", label, three, false));
            files.put("3 KAS split", encrypt(client, plain, dir, "split", label, three, true));
            Map<String, List<Long>> latencies = new LinkedHashMap<>();
            files.keySet().forEach(name -> latencies.put(name, new ArrayList<>()));
            for (int round = -2; round < rounds; round++) { // two warm-up rounds
                List<String> order = new ArrayList<>(files.keySet());
                Collections.rotate(order, Math.floorMod(round, order.size()));
                for (String name : order) {
                    for (int i = 0; i < perRound; i++) {
                        long started = System.nanoTime();
                        client.decrypt(files.get(name), dir.resolve("out"), token, done -> { });
                        if (round >= 0) {
                            latencies.get(name).add(System.nanoTime() - started);
                        }
                    }
                }
            }
            double[] baseline = summary(latencies.get("1 KAS"));
            for (var entry : latencies.entrySet()) {
                double[] s = summary(entry.getValue());
                System.out.printf("%-14s n=%d p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; ratio to 1 KAS: p50 %.2f, p95 %.2f%n",
                        entry.getKey(), entry.getValue().size(), s[0], s[1], s[2], s[0] / baseline[0], s[1] / baseline[1]);
            }
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

    private static Path encrypt(ZtdfClient client, Path plain, Path dir, String name, SecurityLabel label, List<String> kas,
            boolean split) throws Exception {
        Path file = dir.resolve(name + ".ztdf");
        client.encrypt(plain, file, label, kas, KeyAlgorithm.RSA_2048, split, done -> { });
        return file;
    }

    /** p50, p95, p99 in milliseconds. */
    private static double[] summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double[] result = new double[3];
        double[] quantiles = {0.50, 0.95, 0.99};
        for (int i = 0; i < 3; i++) {
            result[i] = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantiles[i] * sorted.size()) - 1)) / 1e6;
        }
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
