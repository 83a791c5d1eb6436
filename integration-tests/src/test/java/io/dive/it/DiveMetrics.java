package io.dive.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The {@code dive_*} series of Keycloak's management {@code /metrics} at one moment: series text
 * ({@code name{labels}}) to value, in the Prometheus text format Keycloak serves.
 */
record DiveMetrics(Map<String, Double> series) {

    static DiveMetrics scrape(DiveStack stack) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.keycloakManagementUrl() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("/metrics answered " + response.statusCode());
            }
            Map<String, Double> series = new TreeMap<>();
            for (String line : response.body().split("\n")) {
                if (line.startsWith("dive_")) {
                    int space = line.lastIndexOf(' ');
                    series.put(line.substring(0, space).replace(",}", "}"), Double.parseDouble(line.substring(space + 1)));
                }
            }
            return new DiveMetrics(series);
        } catch (IOException e) {
            throw new AssertionError("could not read " + stack.keycloakManagementUrl() + "/metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The sum of the series of {@code name} whose text contains every one of {@code labels} ({@code key="value"}). */
    double sum(String name, String... labels) {
        Predicate<String> matches = text -> {
            if (!(text.equals(name) || text.startsWith(name + "{"))) {
                return false;
            }
            for (String label : labels) {
                if (!text.contains(label)) {
                    return false;
                }
            }
            return true;
        };
        return series.entrySet().stream().filter(e -> matches.test(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    /** How much the series of {@code name} with every one of {@code labels} moved since {@code before} (their sum). */
    double movedSince(DiveMetrics before, String name, String... labels) {
        return sum(name, labels) - before.sum(name, labels);
    }

    /** Per counter series ({@code _total}) and histogram count ({@code _count}): how much it moved since {@code before}. */
    Map<String, Double> countersMovedSince(DiveMetrics before) {
        Map<String, Double> moved = new TreeMap<>();
        series.forEach((text, value) -> {
            String name = text.contains("{") ? text.substring(0, text.indexOf('{')) : text;
            if (name.endsWith("_total") || name.endsWith("_count")) {
                double delta = value - before.series.getOrDefault(text, 0.0);
                if (delta != 0) {
                    moved.put(text, delta);
                }
            }
        });
        return moved;
    }
}
