package io.dive.bench;

import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.it.BrowserSession;
import io.dive.kas.connect.wire.KeyAccessRewrapResult;
import io.dive.kas.connect.wire.RewrapResponse;
import io.dive.ztdf.KasRecipient;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
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
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The KAS rewrap over Connect RPC (binary protobuf, what OpenTDF SDKs send) next to the REST
 * {@code v2/rewrap} in the same run, same token, same kind of request (RSA-2048 KAS key, a data key
 * wrapped just before each request, an RSA client key, an OPA decision): each through Keycloak's
 * realm path and through the KAS origin (nginx). Rounds alternate REST and Connect so that drift of
 * the machine hits both alike.
 *
 * <pre>
 * ./dive start
 * mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.ConnectRewrapBenchmark -Dexec.args="http://127.0.0.1:18080 http://127.0.0.1:18480 10"
 * </pre>
 * Arguments: Keycloak URL, KAS origin, measured seconds per configuration and round (two rounds).
 */
public final class ConnectRewrapBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConnectRewrapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        String origin = args.length > 1 ? args[1] : "http://127.0.0.1:18480";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String realmPath = keycloak + "/realms/dive-broker/kas";
        String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED",
                List.of("USA", "GBR"), List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();
        KasClient.KasPublicKey kasKey = new KasClient().publicKey(realmPath, KeyAlgorithm.RSA_2048);
        JsonNode tokens = new BrowserSession(null, keycloak, keycloak).loginThroughBroker("dive-broker", "dive-demo", "usa",
                "usa-unclassified", "dive-demo-password");
        String token = tokens.path("access_token").asText();
        System.out.printf("| path | via | clients | round | requests | errors | rewraps/s | p50 | p95 | p99 |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|---|%n");
        for (int clients : new int[] {1, 8}) {
            for (int round = 0; round <= 2; round++) {
                for (String via : List.of(realmPath, origin)) {
                    for (boolean connect : new boolean[] {false, true}) {
                        Call[] calls = new Call[clients];
                        for (int i = 0; i < clients; i++) {
                            KeyPair client = KeyAlgorithm.RSA_2048.newKeyPair();
                            KasClient rest = new KasClient(Duration.ofSeconds(30), KeyAlgorithm.RSA_2048);
                            calls[i] = connect ? () -> connectRewrap(via, token, client, policy, kasKey, clientKao(kasKey, via, policy))
                                    : () -> check(rest.rewrap(via, token, policy, clientKao(kasKey, via, policy)));
                        }
                        if (round == 0) {
                            run(calls, Math.max(2, seconds / 3)); // warm-up, not printed
                            continue;
                        }
                        Result result = run(calls, seconds);
                        List<Long> latencies = new ArrayList<>(result.latencies());
                        Collections.sort(latencies);
                        System.out.printf("| %s | %s | %d | %d | %,d | %d | %.0f | %.2f ms | %.2f ms | %.2f ms |%n",
                                connect ? "Connect (application/proto)" : "REST v2/rewrap (JSON)",
                                via.equals(origin) ? "KAS origin (nginx)" : "Keycloak realm path", clients, round,
                                latencies.size(), result.errors(), latencies.size() / result.seconds(),
                                ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99));
                    }
                }
            }
        }
    }

    /** A fresh data key wrapped to the KAS key, for a key access object naming {@code kasUrl} (the KAS accepts both of its URLs). */
    private static KeyAccessObject clientKao(KasClient.KasPublicKey kas, String kasUrl, String policy) throws Exception {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        return KeyAccessObject.wrap(new KasRecipient(kasUrl, kas.kid(), "", kas.wrapper()), dataKey, policy);
    }

    private static void check(byte[] key) {
        if (key.length != 32) {
            throw new IllegalStateException("no key");
        }
    }

    /** What an OpenTDF SDK does: the signed request token in a binary RewrapRequest, the key from the binary answer. */
    private static void connectRewrap(String kasUrl, String token, KeyPair client, String policy, KasClient.KasPublicKey kasKey,
            KeyAccessObject kao) throws Exception {
        RewrapRequest request = RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.RSA_2048, policy, List.of(kao));
        String srt = JSON.readTree(SignedRequestToken.sign(request, client.getPrivate(), Instant.now())).path("signedRequestToken")
                .asText();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(kasUrl + "/kas.AccessService/Rewrap"))
                .header("Content-Type", "application/proto").header("Connect-Protocol-Version", "1")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(io.dive.kas.connect.wire.RewrapRequest.newBuilder()
                        .setSignedRequestToken(srt).build().toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + new String(response.body()));
        }
        KeyAccessRewrapResult result = RewrapResponse.parseFrom(response.body()).getResponses(0).getResults(0);
        if (!"permit".equals(result.getStatus())) {
            throw new IllegalStateException(result.getError());
        }
        check(KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1, result.getKasWrappedKey().toByteArray()));
    }

    /** One request of a benchmark. */
    interface Call {
        void run() throws Exception;
    }

    record Result(List<Long> latencies, double seconds, int errors) {
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
