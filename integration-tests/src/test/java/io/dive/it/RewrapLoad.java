package io.dive.it;

import io.dive.ztdf.KasRecipient;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.Pem;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.client.KasClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rewrap load that leaves the CPU to the server (issue 16): every request body is signed before the
 * timed phase, the timed loop only POSTs and reads the status, and a sample of the answers is
 * unwrapped afterwards to prove they carry the right key. The generator's own CPU share in the timed
 * phase is reported with each run. Shared by {@code RewrapBenchmark} and {@code RewrapOverloadIT}.
 */
public final class RewrapLoad {

    /** One pre-signed rewrap: its body, the client key it asks the KAS to wrap to, the data key expected back. */
    public record Body(String json, KeyPair client, byte[] dataKey) {
    }

    /** One answer: its status, its {@code Retry-After}, its latency and its body. */
    public record Answer(int status, String retryAfter, long nanos, String body) {
        /** A 200 whose one key access object got a permit (a 200 may carry a per-object failure). */
        public boolean permitted() {
            return status == 200 && body.contains("\"status\":\"permit\"");
        }
    }

    /**
     * A timed run.
     *
     * @param latencies of permits, sorted (ns)
     * @param errors answers that are neither a permit nor a 429 / 503
     * @param generatorCpuShare the load generator's CPU time ÷ (wall time × cores)
     */
    public record Run(List<Answer> answers, long[] latencies, double seconds, Map<Integer, Integer> statuses, int errors,
            double generatorCpuShare) {

        public double rate() {
            return latencies.length / seconds;
        }

        /** A percentile of the permits' latencies in ms. */
        public double ms(double percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String kasUrl;
    private final String token;
    private final KasClient.KasPublicKey kasKey;
    private final String policy;

    public RewrapLoad(String kasUrl, String token, KasClient.KasPublicKey kasKey, String policy) {
        this.kasUrl = kasUrl;
        this.token = token;
        this.kasKey = kasKey;
        this.policy = policy;
    }

    /** {@code count} bodies, each for a data key wrapped just now (the KAS's key cache never hits). */
    public List<Body> fresh(KeyPair client, int count) throws Exception {
        List<Body> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] dataKey = new byte[32];
            RANDOM.nextBytes(dataKey);
            bodies.add(body(client, dataKey, KeyAccessObject.wrap(new KasRecipient(kasKey.url(), kasKey.kid(), "",
                    kasKey.wrapper()), dataKey, policy)));
        }
        return bodies;
    }

    /** One body for the data key of one file, sent {@code count} times (many readers of one document). */
    public List<Body> sameFile(KeyPair client, byte[] dataKey, KeyAccessObject file, int count) throws Exception {
        Body body = body(client, dataKey, file);
        return Collections.nCopies(count, body);
    }

    private Body body(KeyPair client, byte[] dataKey, KeyAccessObject kao) throws Exception {
        RewrapRequest request = RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.RSA_2048, policy, List.of(kao));
        return new Body(SignedRequestToken.sign(request, client.getPrivate(), Instant.now()), client, dataKey);
    }

    /** A key access object for a new data key (to build a same-file load). */
    public KeyAccessObject file(byte[] dataKey) throws Exception {
        return KeyAccessObject.wrap(new KasRecipient(kasKey.url(), kasKey.kid(), "", kasKey.wrapper()), dataKey, policy);
    }

    /** POSTs one body and reads the answer (no unwrapping). */
    public Answer post(Body body) throws Exception {
        return post(body, null);
    }

    /** As {@link #post(Body)}, within the trace of {@code traceparent} (null: none). */
    public Answer post(Body body, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kasUrl + "/v2/rewrap"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.json()));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        long t0 = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - t0;
        return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), nanos,
                response.body());
    }

    /** Proves that a 200 answer releases {@code body}'s data key to its client (throws otherwise). */
    public static void verify(Body body, Answer answer) throws Exception {
        RewrapResponse.KeyAccessResult result = OpenTdfJson.readRewrapResponse(answer.body()).first();
        if (!result.permitted()) {
            throw new IllegalStateException("no permit: " + answer.body());
        }
        byte[] key = KeyWrapping.rsaOaepUnwrap(body.client().getPrivate(), KeyWrapping.OaepHash.SHA1,
                Base64.getDecoder().decode(result.kasWrappedKey()));
        if (!Arrays.equals(key, body.dataKey())) {
            throw new IllegalStateException("the KAS released another key");
        }
    }

    /**
     * Sends every client's bodies, the clients in parallel, each its bodies one after the other; keeps
     * every answer (status, Retry-After, latency) and, for {@code sample} of them, the body, then
     * verifies that sample.
     */
    public Run run(List<List<Body>> clients, int sample) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            long cpu0 = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<Future<List<Answer>>> futures = new ArrayList<>();
            for (List<Body> bodies : clients) {
                futures.add(pool.submit(() -> {
                    List<Answer> answers = new ArrayList<>(bodies.size());
                    for (Body body : bodies) {
                        try {
                            answers.add(post(body));
                        } catch (Exception e) {
                            answers.add(new Answer(-1, null, 0, String.valueOf(e)));
                        }
                    }
                    return answers;
                }));
            }
            List<List<Answer>> perClient = new ArrayList<>();
            for (Future<List<Answer>> future : futures) {
                perClient.add(future.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuShare = (os.getProcessCpuTime() - cpu0) / 1e9 / (seconds * cores);
            List<Answer> all = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<Long> ok = new ArrayList<>();
            int errors = 0;
            int verified = 0;
            for (int c = 0; c < perClient.size(); c++) {
                for (int i = 0; i < perClient.get(c).size(); i++) {
                    Answer answer = perClient.get(c).get(i);
                    all.add(answer);
                    statuses.merge(answer.status(), 1, Integer::sum);
                    if (answer.permitted()) {
                        ok.add(answer.nanos());
                        if (verified < sample) {
                            verify(clients.get(c).get(i), answer);
                            verified++;
                        }
                    } else if (answer.status() != 429 && answer.status() != 503) {
                        errors++;
                    }
                }
            }
            long[] latencies = ok.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Run(all, latencies, seconds, statuses, errors, cpuShare);
        } finally {
            pool.shutdownNow();
        }
    }
}
