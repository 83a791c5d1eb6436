package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, must-show 2: a real Prometheus (built from the Go module proxy, the version pinned in the
 * parent pom) runs monitoring/prometheus.yml and its rules against the IT stack, with the IT ports
 * and 1 s scrape and evaluation intervals. OPA stopped: DiveOpaDown goes pending, then firing once
 * its for: window has passed; OPA started again: the alert resolves.
 */
@ExtendWith(DiveStackExtension.class)
class PrometheusAlertIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROMETHEUS_PORT = Integer.getInteger("dive.it.prometheusPort", 29090);
    /** The for: of DiveOpaDown in monitoring/rules/dive-alerts.yml. */
    private static final Duration OPA_DOWN_FOR = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BOTH_UP = "count(up{job=~\"keycloak|opa\"} == 1)";

    @TempDir
    Path dir;

    @Test
    void stoppingOpaFiresTheOpaDownAlertWithinItsWindowAndStartingItResolvesIt(DiveStack stack) throws Exception {
        Path monitoring = stack.root().resolve("monitoring");
        String config = Files.readString(monitoring.resolve("prometheus.yml"))
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
                .replace("rules/dive-alerts.yml", monitoring.resolve("rules/dive-alerts.yml").toString())
                .replace("127.0.0.1:19000", "127.0.0.1:" + URI.create(stack.keycloakManagementUrl()).getPort())
                .replace("127.0.0.1:18182", "127.0.0.1:" + stack.opaDiagnosticPort())
                .replace("127.0.0.1:17028", "127.0.0.1:" + (stack.ferretdbPort() + 1))
                .replace("../.dive/opa/prometheus.token", stack.stateDir().resolve("opa/prometheus.token").toString());
        Path configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        Process prometheus = new ProcessBuilder(prometheusBinary(stack).toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + PROMETHEUS_PORT)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            try {
                await("Keycloak and OPA scraped", Duration.ofSeconds(60), () -> query(BOTH_UP) == 2);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; targets: " + targets() + "; Prometheus log: "
                        + tail(dir.resolve("prometheus.log")), e);
            }
            assertThat(query("count(dive_redis_up)")).as("the DIVE meters are scraped").isEqualTo(1);
            assertThat(alertState("DiveOpaDown")).isEqualTo("inactive");

            long stopping = System.nanoTime();
            stack.stop("opa");
            await("DiveOpaDown firing", OPA_DOWN_FOR.plusSeconds(20), () -> "firing".equals(alertState("DiveOpaDown")));
            Instant firingSeen = Instant.now();
            Duration stopToFiring = Duration.ofNanos(System.nanoTime() - stopping);
            // activeAt: when Prometheus first saw the condition (the alert went pending).
            Duration pendingToFiring = Duration.between(activeAt("DiveOpaDown"), firingSeen);
            System.out.printf("DiveOpaDown: firing %d ms after the stop began, %d ms after it went pending (for: %d s)%n",
                    stopToFiring.toMillis(), pendingToFiring.toMillis(), OPA_DOWN_FOR.toSeconds());
            assertThat(pendingToFiring).as("firing once its for: window has passed, within a few 1 s evaluations")
                    .isBetween(OPA_DOWN_FOR, OPA_DOWN_FOR.plusSeconds(4));
            assertThat(stopToFiring).as("within its window plus the stop and a few scrapes").isLessThan(OPA_DOWN_FOR.plusSeconds(15));

            stack.startMissing();
            await("DiveOpaDown resolved", Duration.ofSeconds(30), () -> "inactive".equals(alertState("DiveOpaDown")));
            assertThat(query(BOTH_UP)).isEqualTo(2);
        } finally {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
            stack.startMissing();
        }
    }

    /** scripts/bin/go-tool builds it into the tools cache the first time (a few minutes). */
    private static Path prometheusBinary(DiveStack stack) throws IOException, InterruptedException {
        String version = System.getProperty("dive.it.prometheusVersion");
        assertThat(version).as("system property dive.it.prometheusVersion (the parent pom's prometheus.version)").isNotBlank();
        Process tool = new ProcessBuilder(stack.root().resolve("scripts/bin/go-tool").toString(), "prometheus", version)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(tool.waitFor()).as("go-tool prometheus " + version).isZero();
        return Path.of(path);
    }

    /** The value of a scalar-like query (the first sample), -1 when it has none. */
    private static double query(String promql) {
        JsonNode result = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
        return result.isEmpty() ? -1 : result.get(0).path("value").get(1).asDouble();
    }

    /** Each target's job, health and last error. */
    private static String targets() {
        StringBuilder text = new StringBuilder();
        for (JsonNode target : api("/api/v1/targets").path("data").path("activeTargets")) {
            text.append(target.path("labels").path("job").asText()).append(' ').append(target.path("scrapeUrl").asText())
                    .append(' ').append(target.path("health").asText()).append(' ').append(target.path("lastError").asText())
                    .append("; ");
        }
        return text.toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** When the alert's condition was first seen (its pending start). */
    private static Instant activeAt(String alert) {
        for (JsonNode active : api("/api/v1/alerts").path("data").path("alerts")) {
            if (alert.equals(active.path("labels").path("alertname").asText())) {
                return Instant.parse(active.path("activeAt").asText());
            }
        }
        throw new AssertionError("no active alert " + alert);
    }

    /** The state of an alerting rule: inactive, pending or firing. */
    private static String alertState(String alert) {
        for (JsonNode group : api("/api/v1/rules?type=alert").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (alert.equals(rule.path("name").asText())) {
                    return rule.path("state").asText();
                }
            }
        }
        throw new AssertionError("no alerting rule " + alert);
    }

    private static JsonNode api(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PROMETHEUS_PORT + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(250);
        }
    }

}
