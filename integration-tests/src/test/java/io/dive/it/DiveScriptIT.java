package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration makes ./dive stop at once with a message saying what to do, starting nothing. */
class DiveScriptIT {

    private final Path root = Path.of(System.getProperty("dive.root")).toAbsolutePath().normalize();

    private record Outcome(int exitCode, String output) {
    }

    private Outcome dive(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("dive").toString()));
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("./dive finished").isTrue();
        return new Outcome(process.exitValue(), output);
    }

    private Map<String, String> isolated(Path state) {
        return Map.of("DIVE_STATE_DIR", state.toString(), "DIVE_SKIP_BUILD", "1",
                "DIVE_DIST_DIR", root.resolve("distribution/target/dive-" + System.getProperty("dive.version")).toString(),
                "DIVE_KEYCLOAK_PORT", "23080", "DIVE_KEYCLOAK_MANAGEMENT_PORT", "23900", "DIVE_OPA_PORT", "23181");
    }

    @Test
    void aPortInUseStopsTheStartWithTheSettingToChange(@TempDir Path state) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> env = new java.util.HashMap<>(isolated(state));
            // The last component's port: the check must come before Redis and OPA are started.
            env.put("DIVE_REDIS_PORT", "36379");
            env.put("DIVE_KEYCLOAK_PORT", Integer.toString(taken.getLocalPort()));
            Outcome outcome = dive(env, "start", "--no-build");
            assertThat(outcome.exitCode()).isNotZero();
            assertThat(outcome.output()).contains("port " + taken.getLocalPort() + " (DIVE_KEYCLOAK_PORT) is already in use")
                    .contains("DIVE_KEYCLOAK_PORT=").doesNotContain("starting the DIVE stack");
        }
        // Nothing was started: no component has a live PID file.
        Path run = state.resolve("run");
        if (Files.isDirectory(run)) {
            try (var files = Files.list(run)) {
                for (Path pid : files.collect(Collectors.toList())) {
                    long value = Long.parseLong(Files.readString(pid).strip());
                    assertThat(ProcessHandle.of(value).map(ProcessHandle::isAlive)).as(pid.toString()).isNotEqualTo(
                            java.util.Optional.of(true));
                }
            }
        }
    }

    @Test
    void aPortThatIsNotANumberIsRejected(@TempDir Path state) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(isolated(state));
        env.put("DIVE_OPA_PORT", "eighty");
        Outcome outcome = dive(env, "status");
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.output()).contains("DIVE_OPA_PORT=eighty is not a TCP port number");
    }

    @Test
    void aMissingGoToolchainIsReportedWithWhatToInstall(@TempDir Path tools) throws Exception {
        String pathWithoutGo = Arrays.stream(System.getenv("PATH").split(":"))
                .filter(dir -> !Files.isExecutable(Path.of(dir, "go")))
                .collect(Collectors.joining(":"));
        Outcome outcome = dive(Map.of("PATH", pathWithoutGo, "DIVE_TOOLS_DIR", tools.toString()), "opa-path");
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.output()).contains("go not found").contains("needs a Go toolchain");
    }

    @Test
    void stopAndStatusOnAStackThatNeverRanAreHarmless(@TempDir Path state) throws IOException, Exception {
        Outcome stop = dive(isolated(state), "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.output()).contains("keycloak  not running");
        Outcome status = dive(isolated(state), "status");
        assertThat(status.exitCode()).as("status reports a down stack with exit code 1").isEqualTo(1);
        assertThat(status.output()).contains("DOWN");
    }
}
