package io.dive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A JFR recording of Keycloak's JVM over a phase's measured requests, when
 * {@code DIVE_BENCH_JFR_DIR} names a folder: what metrics and tracing take of Keycloak's CPU,
 * measured inside the phase (JFR's own sampling runs in every setting alike).
 */
record KeycloakRecording(long pid, Path file) {

    /** Metrics' and tracing's share of Keycloak's execution samples in a phase. */
    record Share(double tracing, double metrics, int samples) {
        double both() {
            return tracing + metrics;
        }
    }

    /** Starts a recording named after {@code phase}; null when DIVE_BENCH_JFR_DIR is not set. */
    static KeycloakRecording start(String phase) throws Exception {
        String dir = System.getenv("DIVE_BENCH_JFR_DIR");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        long pid = keycloakJvm();
        Path file = Path.of(dir, phase.replaceAll("[^A-Za-z0-9.@-]+", "_") + ".jfr");
        Files.createDirectories(file.getParent());
        jcmd(pid, "JFR.start", "name=dive-observability", "settings=profile", "filename=" + file.toAbsolutePath());
        return new KeycloakRecording(pid, file);
    }

    Share stop() throws Exception {
        jcmd(pid, "JFR.stop", "name=dive-observability");
        KeycloakProfile.Counts counts = KeycloakProfile.observability(file);
        return new Share(counts.share(KeycloakProfile.OBSERVABILITY.get(0).name()),
                counts.share(KeycloakProfile.OBSERVABILITY.get(1).name()), counts.counted());
    }

    /** The JVM of the process group ./dive started Keycloak in (its pid file under the state folder). */
    private static long keycloakJvm() throws IOException {
        Path pidFile = Path.of(System.getenv().getOrDefault("DIVE_STATE_DIR", ".dive/stack"), "run", "keycloak.pid");
        long leader = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(leader).stream().flatMap(p -> Stream.concat(Stream.of(p),
                p.descendants())).filter(p -> p.info().command().orElse("").endsWith("/java")).mapToLong(ProcessHandle::pid)
                .findFirst().orElseThrow(() -> new IllegalStateException("no Keycloak JVM under process " + leader));
    }

    private static void jcmd(long pid, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
