package io.dive.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * OpenTofu on a copy of the project's terraform/ folder (so that the test's state never mixes with an
 * administrator's), run through scripts/bin/tofu: the pinned OpenTofu and Keycloak provider with the
 * dev_overrides CLI configuration that script writes.
 */
final class Tofu {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one tofu command did. */
    record Run(int exitCode, String output) {
    }

    private final Path script;
    private final Path terraform;
    private final Map<String, String> environment;

    /** A copy of {@code root}/terraform under {@code work}; {@code environment} holds the TF_VAR_s. */
    Tofu(Path root, Path work, Map<String, String> environment) {
        this.script = root.resolve("scripts/bin/tofu");
        this.terraform = work.resolve("terraform");
        this.environment = environment;
        copy(root.resolve("terraform"), terraform);
    }

    Path dir(String relative) {
        return terraform.resolve(relative);
    }

    /** Runs {@code tofu -chdir=<relative> arguments...} with colour off and no prompts. */
    Run run(String relative, Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(script.toString(), "-chdir=" + dir(relative)));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("TF_INPUT", "0");
        builder.environment().put("NO_COLOR", "1");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tofu " + String.join(" ", arguments) + " did not finish within " + timeout);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Like {@link #run}, failing the test with tofu's output unless it exits 0. */
    String ok(String relative, Duration timeout, String... arguments) {
        Run run = run(relative, timeout, arguments);
        if (run.exitCode() != 0) {
            throw new AssertionError("tofu " + String.join(" ", arguments) + " failed (" + run.exitCode() + "):\n" + run.output());
        }
        return run.output();
    }

    /**
     * The addresses of the resources a plan would change, with their actions: plans to a file and reads
     * it back as JSON (tofu show -json), rather than parsing the human-readable plan.
     */
    Map<String, List<String>> plannedChanges(String relative) {
        ok(relative, Duration.ofMinutes(5), "plan", "-no-color", "-out=it.tfplan");
        JsonNode plan = json(ok(relative, Duration.ofMinutes(2), "show", "-json", "it.tfplan"));
        Map<String, List<String>> changes = new java.util.TreeMap<>();
        for (JsonNode change : plan.path("resource_changes")) {
            List<String> actions = new ArrayList<>();
            change.path("change").path("actions").forEach(action -> actions.add(action.asText()));
            if (!actions.equals(List.of("no-op")) && !actions.equals(List.of("read"))) {
                changes.put(change.path("address").asText(), actions);
            }
        }
        return changes;
    }

    /** The attributes a plan changes in {@code address}: names whose before and after differ. */
    static TreeSet<String> changedAttributes(JsonNode plan, String address) {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode change : plan.path("resource_changes")) {
            if (change.path("address").asText().equals(address)) {
                JsonNode before = change.path("change").path("before");
                JsonNode after = change.path("change").path("after");
                after.fieldNames().forEachRemaining(name -> {
                    if (!before.path(name).equals(after.path(name))) {
                        names.add(name);
                    }
                });
            }
        }
        return names;
    }

    /** The last saved plan (after {@link #plannedChanges}) as JSON. */
    JsonNode lastPlan(String relative) {
        return json(ok(relative, Duration.ofMinutes(2), "show", "-json", "it.tfplan"));
    }

    private static JsonNode json(String output) {
        // tofu prints the dev_overrides warning on stderr (merged here) before the JSON document.
        String document = output.substring(output.indexOf("{\"format_version\""));
        try {
            return JSON.readTree(document.substring(0, document.lastIndexOf('}') + 1));
        } catch (IOException e) {
            throw new AssertionError("not a plan: " + output, e);
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                // An administrator's working files and state stay where they are.
                if (relative.toString().contains(".terraform") || relative.toString().contains(".tfstate")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
