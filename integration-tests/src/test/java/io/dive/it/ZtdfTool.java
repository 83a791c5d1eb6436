package io.dive.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the distribution's dive-ztdf tool (what {@code ./dive ztdf} executes) in its own process with a 256 MiB heap. */
final class ZtdfTool {

    /** What a process printed and how it ended. */
    record Run(int exit, String out, String err) {
    }

    private ZtdfTool() {
    }

    static Run run(DiveStack stack, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", stack.distributionDir().resolve("bin/dive-ztdf.jar").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("dive-ztdf did not finish: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A file in {@code dir} holding the access token of a national user logged in through the broker. */
    static Path tokenFile(DiveStack stack, Path dir, String idp, String user) throws java.io.IOException {
        Path file = dir.resolve(user + ".token");
        Files.writeString(file, KasIT.token(stack, idp, user));
        return file;
    }
}
