package io.dive.ztdf.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's argument handling and exit codes without a KAS (the KAS paths are in ZtdfCliIT). */
class ZtdfCliTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new ZtdfCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitWith2AndSayWhatToDo() throws Exception {
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("--help").exit()).isZero();
        assertThat(run("--help").out()).contains("exit codes");
        Run unknown = run("shred");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'shred'").contains("--help");
        assertThat(run("inspect", "--bogus", "x").err()).contains("unknown option --bogus");
        assertThat(run("inspect", "--in").err()).contains("--in needs a value");
        assertThat(run("inspect", "stray").err()).contains("unexpected argument 'stray'");
        Path plain = dir.resolve("p.txt");
        Files.writeString(plain, "x");
        assertThat(run("encrypt", "--in", plain.toString(), "--out", dir.resolve("p.ztdf").toString()).err())
                .contains("at least one --kas URL");
        assertThat(run("encrypt", "--in", dir.resolve("missing").toString(), "--out", "x").err()).contains("cannot read --in");
        assertThat(run("decrypt", "--in", "a", "--out", "b").err()).contains("an access token is required");
        Run keyType = run("encrypt", "--in", plain.toString(), "--out", dir.resolve("p.ztdf").toString(), "--kas", "http://k",
                "--classification", "SECRET", "--rel", "USA", "--originator", "USA", "--key-type", "dsa");
        assertThat(keyType.exit()).isEqualTo(2);
        assertThat(keyType.err()).contains("--key-type must be rsa or ec, was 'dsa'");
        assertThat(run("decrypt", "--in", "a", "--out", "b", "--token", "t", "--client-key", "x").err())
                .contains("--client-key must be rsa or ec");
    }

    @Test
    void anythingThatIsNotAZtdfExitsWith3() throws Exception {
        Path text = dir.resolve("t.ztdf");
        Files.writeString(text, "hello");
        Run run = run("inspect", "--in", text.toString());
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("MALFORMED_CONTAINER");
        Run missing = run("inspect", "--in", dir.resolve("nope.ztdf").toString());
        assertThat(missing.exit()).isEqualTo(7);
    }
}
