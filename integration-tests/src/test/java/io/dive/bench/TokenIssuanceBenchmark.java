package io.dive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Token issuance with the DIVE mappers ({@code dive-demo}) against the same realm, user and flow
 * without them ({@code dive-bench-plain}), measured in the same run, alternating rounds so that drift
 * hits both alike. The measured operation is the refresh-token grant: it runs every protocol mapper
 * but no password hashing, which would otherwise drown the mappers' cost.
 *
 * <pre>
 * ./dive start
 * mvn -q -pl integration-tests exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.TokenIssuanceBenchmark -Dexec.args="http://127.0.0.1:18080 4 2000 5"
 * </pre>
 * Arguments: Keycloak URL, concurrent callers, requests per round per client, rounds.
 */
public final class TokenIssuanceBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TokenIssuanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = new BenchArguments(args);
        String keycloak = arguments.keycloak();
        int callers = arguments.number(1, 4);
        int perRound = arguments.number(2, 2000);
        int rounds = arguments.number(3, 5);
        String tokenUrl = keycloak + "/realms/dive-broker/protocol/openid-connect/token";

        String withDive = refreshToken(tokenUrl, "dive-demo");
        String plain = refreshToken(tokenUrl, "dive-bench-plain");
        // Keycloak's JIT keeps speeding up for thousands of requests: warm both paths well first.
        int warmUp = Math.max(1, rounds / 2);
        for (int i = 1; i <= warmUp; i++) {
            Result p = run(tokenUrl, "dive-bench-plain", plain, callers, perRound);
            Result d = run(tokenUrl, "dive-demo", withDive, callers, perRound);
            System.out.printf("warm-up %d/%d: plain %.0f/s, DIVE %.0f/s%n", i, warmUp, perRound / p.seconds,
                    perRound / d.seconds);
        }

        List<Long> diveLatencies = new ArrayList<>();
        List<Long> plainLatencies = new ArrayList<>();
        double diveSeconds = 0;
        double plainSeconds = 0;
        for (int round = 1; round <= rounds; round++) {
            // Alternate which goes first, so that a trend within a round favours neither.
            boolean plainFirst = round % 2 == 1;
            Result p = plainFirst ? run(tokenUrl, "dive-bench-plain", plain, callers, perRound) : null;
            Result d = run(tokenUrl, "dive-demo", withDive, callers, perRound);
            if (!plainFirst) {
                p = run(tokenUrl, "dive-bench-plain", plain, callers, perRound);
            }
            plainLatencies.addAll(p.latencies);
            diveLatencies.addAll(d.latencies);
            plainSeconds += p.seconds;
            diveSeconds += d.seconds;
            System.out.printf("round %d/%d: plain %.0f/s, DIVE %.0f/s%n", round, rounds,
                    perRound / p.seconds, perRound / d.seconds);
        }
        report("without DIVE mappers (dive-bench-plain)", plainLatencies, plainSeconds);
        report("with DIVE mappers (dive-demo)", diveLatencies, diveSeconds);
        double plainRate = plainLatencies.size() / plainSeconds;
        double diveRate = diveLatencies.size() / diveSeconds;
        System.out.printf("throughput ratio DIVE/plain: %.3f (overhead %.1f %%)%n", diveRate / plainRate,
                (plainRate / diveRate - 1) * 100);
    }

    record Result(List<Long> latencies, double seconds) {
    }

    static Result run(String tokenUrl, String clientId, String refreshToken, int callers, int requests)
            throws Exception {
        String body = "grant_type=refresh_token&client_id=" + clientId + "&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int share = requests / callers + (c < requests % callers ? 1 : 0);
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[share];
                    for (int i = 0; i < share; i++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(clientId + ": " + response.statusCode() + " " + response.body());
                        }
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>(requests);
            for (Future<long[]> future : futures) {
                for (long latency : future.get()) {
                    all.add(latency);
                }
            }
            return new Result(all, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    static String refreshToken(String tokenUrl, String clientId) throws Exception {
        String body = "grant_type=password&client_id=" + clientId + "&username=dive-demo&password=dive-demo-password&scope=openid";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cannot log in with " + clientId + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("refresh_token").asText();
    }

    private static void report(String label, List<Long> latencies, double seconds) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s: n=%d, %.0f tokens/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms%n", label, sorted.length,
                sorted.length / seconds, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

}
