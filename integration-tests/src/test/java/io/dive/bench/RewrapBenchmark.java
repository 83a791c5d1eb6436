package io.dive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.ztdf.KeyWrapper;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.PolicyBinding;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.client.KasClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * KAS rewrap throughput and latency through Keycloak with the OPA sidecar, at 1, 8 and 32
 * concurrent clients, for RSA-2048 and EC P-256 KAS keys. Every request carries a data key wrapped
 * just before (so the KAS's unwrapped-key cache never hits: the HSM-like work is measured), a fresh
 * signed request token and an OPA decision. Baseline in the same run: the unauthenticated public-key
 * endpoint of the same KAS (same HTTP path through Keycloak, no token, crypto or OPA).
 *
 * <pre>
 * ./dive start
 * mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.RewrapBenchmark -Dexec.args="http://127.0.0.1:18080 15"
 * </pre>
 * Arguments: Keycloak URL, measured seconds per configuration (a third of it again as warm-up).
 * The load generator runs on the same machine and uses EC client keys (cheapest to unwrap locally).
 */
public final class RewrapBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RewrapBenchmark() {
    }

    private interface Call {
        void run() throws Exception;
    }

    private record Result(List<Long> latencies, double seconds, int errors) {
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String kasUrl = keycloak + "/realms/dive-broker/kas";
        String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED",
                List.of("USA", "GBR"), List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();
        System.out.printf("| KAS key | clients | requests | errors | rewraps/s | p50 | p95 | p99 | baseline (public key) req/s | ratio |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|---|%n");
        for (String algorithm : List.of("rsa:2048", "ec:secp256r1")) {
            KasClient.KasPublicKey kasKey = new KasClient().publicKey(kasUrl, algorithm);
            for (int clients : new int[] {1, 8, 32}) {
                String token = token(keycloak);
                List<KasClient> workers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    workers.add(new KasClient(Duration.ofSeconds(30), KasClient.ClientKeyType.EC));
                }
                Call[] rewraps = new Call[clients];
                Call[] baselines = new Call[clients];
                for (int i = 0; i < clients; i++) {
                    KasClient worker = workers.get(i);
                    rewraps[i] = () -> {
                        byte[] key = worker.rewrap(kasUrl, token, policy, freshKeyAccessObject(kasKey, policy));
                        if (key.length != 32) {
                            throw new IllegalStateException("no key");
                        }
                    };
                    baselines[i] = () -> {
                        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(kasUrl
                                + "/v2/kas_public_key?algorithm=" + algorithm)).GET().build(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                    };
                }
                run(rewraps, Math.max(2, seconds / 3));
                run(baselines, Math.max(2, seconds / 3));
                Result baseline = run(baselines, seconds);
                Result rewrap = run(rewraps, seconds);
                double rate = rewrap.latencies().size() / rewrap.seconds();
                double baseRate = baseline.latencies().size() / baseline.seconds();
                List<Long> sorted = new ArrayList<>(rewrap.latencies());
                Collections.sort(sorted);
                System.out.printf("| %s | %d | %,d | %d | %.0f | %.2f ms | %.2f ms | %.2f ms | %.0f | %.3f |%n", algorithm, clients,
                        sorted.size(), rewrap.errors(), rate, ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), baseRate,
                        rate / baseRate);
            }
        }
    }

    /** A key access object for a data key wrapped just now (unique, so the KAS cannot use its cache). */
    private static ZtdfReader.KeyAccessObject freshKeyAccessObject(KasClient.KasPublicKey kas, String policy) throws Exception {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        boolean rsa = kas.algorithm().startsWith("rsa");
        KeyWrapper wrapper = rsa ? KeyWrapper.rsaOaep(kas.publicKey(), kas.wrapHash()) : KeyWrapper.ecWrapped(kas.publicKey());
        KeyWrapper.Wrapped wrapped = wrapper.wrap(dataKey);
        return new ZtdfReader.KeyAccessObject(wrapper.type(), kas.url(), "kas", Base64.getEncoder().encodeToString(wrapped.wrappedKey()),
                "HS256", PolicyBinding.compute(dataKey, policy), kas.kid(), "", wrapped.ephemeralPublicKey());
    }

    private static String token(String keycloak) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak
                        + "/realms/dive-broker/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=dive-demo&username=dive-demo"
                        + "&password=dive-demo-password&scope=openid")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!body.has("access_token")) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return body.path("access_token").asText();
    }

    private static Result run(Call[] calls, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<List<Long>>> futures = new ArrayList<>();
        int[] errors = new int[1];
        for (Call call : calls) {
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        call.run();
                        latencies.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        synchronized (errors) {
                            if (errors[0]++ == 0) {
                                System.err.println("first error: " + e);
                            }
                        }
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            all.addAll(future.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(all, elapsed, errors[0]);
    }

    private static double ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
