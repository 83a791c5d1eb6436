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
}
