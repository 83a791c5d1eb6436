package io.dive.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor of a rewrap that DIVE does not control (issue 16 goal 3): Keycloak's own cost of a GET at
 * the same concurrency as the rewrap load, e.g. the realm's userinfo endpoint with the same bearer
 * token (Keycloak's token check, session lookup, HTTP and RESTEasy) or the KAS public-key endpoint
 * (Keycloak's HTTP and RESTEasy around a DIVE resource, no token), or a rewrap whose body is refused
 * right after the token checks (Keycloak's HTTP, RESTEasy and transaction, the bearer token and its
 * live session: what every rewrap does before its own work). A rewrap does all of that and more, so
 * its CPU per permit cannot fall below this request's.
 */
final class FloorLoad {

    /** A run: requests answered with the expected status, their wall time, their sorted latencies (ns) and every status seen. */
    record Run(int ok, double seconds, long[] latencies, Map<Integer, Integer> statuses) {
        double rate() {
            return ok / seconds;
        }

        double p50() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length / 2] / 1e6;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private FloorLoad() {
    }

    /** {@code clients} in parallel, each sending {@code each} GETs of {@code uri} one after the other (bearer null: none). */
    static Run run(URI uri, String bearer, int clients, int each) throws Exception {
        return run(uri, bearer, null, 200, clients, each);
    }

    /** As {@link #run(URI, String, int, int)}, POSTing {@code json} when it is not null, each answer expected with {@code status}. */
    static Run run(URI uri, String bearer, String json, int status, int clients, int each) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (json == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest request = builder.build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] answers = new long[each * 2]; // {status, nanos} per request
                    for (int i = 0; i < each; i++) {
                        long t0 = System.nanoTime();
                        answers[2 * i] = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        answers[2 * i + 1] = System.nanoTime() - t0;
                    }
                    return answers;
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                all.add(future.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<Integer, Integer> statuses = new TreeMap<>();
            long[] latencies = new long[clients * each];
            int ok = 0;
            for (long[] answers : all) {
                for (int i = 0; i < answers.length; i += 2) {
                    statuses.merge((int) answers[i], 1, Integer::sum);
                    if (answers[i] == status) {
                        latencies[ok++] = answers[i + 1];
                    }
                }
            }
            long[] sorted = Arrays.copyOf(latencies, ok);
            Arrays.sort(sorted);
            if (ok < clients * each) {
                throw new IllegalStateException(uri + ": not every answer was " + status + ": " + statuses);
            }
            return new Run(ok, seconds, sorted, statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    /** {rate, stack CPU ms per request} of one floor run at 32 clients, printed; NaNs when the endpoint failed. */
    static double[] measure(StackCpu cpu, int round, String name, URI uri, String bearer, String json, int perClient) {
        try {
            int status = 200;
            if (json != null) {
                // The refusal must come after the token checks: any answer but the bearer token's own.
                HttpResponse<String> probe = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.printf("round %d floor %s: the body is answered %d %s%n", round, name, probe.statusCode(), probe.body());
                if (probe.body().contains("invalid_token")) {
                    throw new IllegalStateException("the bearer token was refused");
                }
                status = probe.statusCode();
            }
            StackCpu.Snapshot before = cpu.snapshot();
            FloorLoad.Run run = FloorLoad.run(uri, bearer, json, status, 32, perClient);
            StackCpu.Snapshot after = cpu.snapshot();
            System.out.printf("round %d floor %-10s clients=32: %,5d answers %.0f/s, p50 %.2f ms%n    %s%n", round, name, run.ok(),
                    run.rate(), run.p50(), StackCpu.perRequest(before, after, run.ok()));
            return new double[] {run.rate(), StackCpu.serverMillis(before, after, run.ok())};
        } catch (Exception e) {
            System.out.printf("round %d floor %s failed: %s%n", round, name, e);
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /**
     * The floor as ratios to the RSA capacity: its rate (wall clock), and CPU-normalized (RSA op CPU ÷
     * the stack's CPU per request); a rewrap costs at least the floor plus one RSA operation, so the
     * best a rewrap could reach is RSA op ÷ (floor + RSA op).
     */
    static void summary(String name, List<double[]> runs, double capacity, double rsaCpu, int cores) {
        double rate = runs.stream().mapToDouble(r -> r[0]).average().orElse(Double.NaN);
        double millis = runs.stream().mapToDouble(r -> r[1]).average().orElse(Double.NaN);
        System.out.printf("floor %s at 32 clients: %.0f/s = %.2f of the RSA capacity; stack CPU %.2f ms per request ="
                + " %.0f/s on %d cores = %.2f of the RSA capacity CPU-normalized; a rewrap on top of it (+ one RSA op): at most"
                + " %.2f%n", name, rate, rate / capacity, millis, cores * 1000 / millis, cores, rsaCpu / millis,
                rsaCpu / (millis + rsaCpu));
    }
}
