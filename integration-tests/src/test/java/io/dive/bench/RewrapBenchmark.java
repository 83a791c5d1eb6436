package io.dive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.it.BrowserSession;
import io.dive.ztdf.KasRecipient;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.client.KasClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * KAS rewrap throughput and latency through Keycloak with the OPA sidecar, at 1, 8 and 32
 * concurrent clients, for RSA-2048 and EC P-256 KAS keys. Every request carries a data key wrapped
 * just before ("fresh": the KAS's unwrapped-key cache never hits, the key provider works every time)
 * or the same file's key ("same file": many readers of one document, served from the in-memory
 * cache), a fresh signed request token and an OPA decision. Baseline in the same run: the unauthenticated public-key
 * endpoint of the same KAS (same HTTP path through Keycloak, no token, crypto or OPA).
 *
 * <pre>
 * DIVE_KAS_SERVER_TIMING=true ./dive start
 * mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.RewrapBenchmark -Dexec.args="http://127.0.0.1:18080 15"
 * </pre>
 * Arguments: Keycloak URL, measured seconds per configuration (a third of it again as warm-up).
 * The load generator runs on the same machine (its RS256 signing and RSA decryption compete for the 2 cores).
 */
public final class RewrapBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RewrapBenchmark() {
    }

    /** One request of a benchmark (shared with {@link ConnectRewrapBenchmark}). */
    interface Call {
        void run() throws Exception;
    }

    record Result(List<Long> latencies, double seconds, int errors) {
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String kasUrl = keycloak + "/realms/dive-broker/kas";
        String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED",
                List.of("USA", "GBR"), List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();
        System.out.printf("| KAS key | data key | clients | requests | errors | rewraps/s | p50 | p95 | p99 | baseline (public key) req/s | ratio |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|---|---|%n");
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            KasClient.KasPublicKey kasKey = new KasClient().publicKey(kasUrl, algorithm);
            KeyAccessObject sameFile = freshKeyAccessObject(kasKey, policy);
            for (int clients : new int[] {1, 8, 32}) {
              for (boolean cold : new boolean[] {true, false}) {
                String token = token(keycloak);
                List<KasClient> workers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    // RSA client keys: on JDK 17 the KAS side of an EC client (ES256 check, session key,
                    // ECDH) costs ~4 ms more per request than RSA-OAEP to an RSA client.
                    workers.add(new KasClient(Duration.ofSeconds(30), KeyAlgorithm.RSA_2048));
                }
                Call[] rewraps = new Call[clients];
                Call[] baselines = new Call[clients];
                for (int i = 0; i < clients; i++) {
                    KasClient worker = workers.get(i);
                    rewraps[i] = () -> {
                        byte[] key = worker.rewrap(kasUrl, token, policy, cold ? freshKeyAccessObject(kasKey, policy) : sameFile);
                        if (key.length != 32) {
                            throw new IllegalStateException("no key");
                        }
                    };
                    baselines[i] = () -> {
                        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(kasUrl
                                + "/v2/kas_public_key?algorithm=" + algorithm.openTdfName())).GET().build(), HttpResponse.BodyHandlers.discarding());
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
                System.out.printf("| %s | %s | %d | %,d | %d | %.0f | %.2f ms | %.2f ms | %.2f ms | %.0f | %.3f |%n",
                        algorithm.openTdfName(),
                        cold ? "fresh (unwrap)" : "same file (cached)", clients, sorted.size(), rewrap.errors(), rate,
                        ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), baseRate, rate / baseRate);
              }
            }
            serverTimings(kasUrl, token(keycloak), policy, kasKey, 300);
        }
    }

    /**
     * The KAS's own account of one request ({@code Server-Timing}), averaged over sequential
     * requests: how much of the latency is token check, signed request token, unwrap, OPA, rewrap.
     */
    private static void serverTimings(String kasUrl, String token, String policy, KasClient.KasPublicKey kasKey, int requests)
            throws Exception {
        java.security.KeyPair client = KeyAlgorithm.RSA_2048.newKeyPair();
        java.util.Map<String, Double> sums = new java.util.LinkedHashMap<>();
        for (int i = 0; i < requests; i++) {
            RewrapRequest request = RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.RSA_2048, policy,
                    List.of(freshKeyAccessObject(kasKey, policy)));
            String body = SignedRequestToken.sign(request, client.getPrivate(), java.time.Instant.now());
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(kasUrl + "/v2/rewrap"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            for (String part : response.headers().firstValue("Server-Timing").orElse("").split(",\\s*")) {
                String[] pieces = part.split(";dur=");
                if (pieces.length == 2) {
                    sums.merge(pieces[0], Double.parseDouble(pieces[1]), Double::sum);
                }
            }
        }
        StringBuilder line = new StringBuilder("server-side mean per rewrap (" + kasKey.algorithm().openTdfName() + ", " + requests
                + " sequential):");
        sums.forEach((stage, total) -> line.append(String.format(" %s %.2f ms,", stage, total / requests)));
        System.out.println(line.substring(0, line.length() - 1));
    }

    /** A key access object for a data key wrapped just now (unique, so the KAS cannot use its cache). */
    private static KeyAccessObject freshKeyAccessObject(KasClient.KasPublicKey kas, String policy) throws Exception {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        return KeyAccessObject.wrap(new KasRecipient(kas.url(), kas.kid(), "", kas.wrapper()), dataKey, policy);
    }

    /**
     * A browser login of {@code usa-unclassified} through the broker: the KAS policy needs
     * {@code auth_time}, which Keycloak puts into browser-flow tokens but not password-grant ones.
     */
    private static String token(String keycloak) {
        JsonNode tokens = new BrowserSession(null, keycloak, keycloak).loginThroughBroker("dive-broker", "dive-demo", "usa",
                "usa-unclassified", "dive-demo-password");
        return tokens.path("access_token").asText();
    }

    /** Each call in a loop on its own thread for {@code seconds}: the latencies of those that succeeded. */
    static Result run(Call[] calls, int seconds) throws Exception {
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

    static double ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
