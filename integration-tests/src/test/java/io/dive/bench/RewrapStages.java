package io.dive.bench;

import io.dive.it.RewrapLoad;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one client's rewrap latency goes (issue 16 goal 3): the KAS's {@code Server-Timing} stages
 * (token checks with the session lookup, signed request token, OPA, unwrap, rewrap to the client, and
 * "other": the KAS's own time outside those, e.g. the audit record) of fresh rewraps sent one after
 * the other, as medians, and what the client saw beyond their sum (outside the KAS: HTTP both ways,
 * Keycloak's RESTEasy and transaction, the answer's JSON). Prints nothing when the stack sends
 * no {@code Server-Timing} ({@code DIVE_KAS_SERVER_TIMING=true ./dive start}).
 */
final class RewrapStages {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RewrapStages() {
    }

    static void print(int round, String kasUrl, String token, List<RewrapLoad.Body> bodies) throws Exception {
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        List<Double> total = new ArrayList<>();
        List<Double> rest = new ArrayList<>();
        for (RewrapLoad.Body body : bodies) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(kasUrl + "/v2/rewrap"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.json())).build(),
                    HttpResponse.BodyHandlers.ofString());
            double millis = (System.nanoTime() - t0) / 1e6;
            String timing = response.headers().firstValue("Server-Timing").orElse(null);
            if (timing == null) {
                return;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("rewrap: HTTP " + response.statusCode() + " " + response.body());
            }
            double sum = 0;
            for (String part : timing.split(",")) {
                String[] nameAndDuration = part.trim().split(";dur=");
                double value = Double.parseDouble(nameAndDuration[1]);
                stages.computeIfAbsent(nameAndDuration[0], name -> new ArrayList<>()).add(value);
                sum += value;
            }
            total.add(millis);
            rest.add(millis - sum);
        }
        StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
                "round %d 1 client, %d fresh rewraps, Server-Timing medians (ms): client %.3f =", round, total.size(), median(total)));
        stages.forEach((name, values) -> line.append(String.format(java.util.Locale.ROOT, " %s %.3f +", name, median(values))));
        line.append(String.format(java.util.Locale.ROOT, " rest %.3f (outside the KAS: HTTP, RESTEasy, transaction, the answer)",
                median(rest)));
        System.out.println(line);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
