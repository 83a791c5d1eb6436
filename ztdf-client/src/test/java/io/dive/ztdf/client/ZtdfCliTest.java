package io.dive.ztdf.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.ztdf.KasRecipient;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapper;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.ZtdfWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small ZTDF for a KAS that is never asked (inspect without a token needs none). */
    private Path sample(String kasUrl) throws Exception {
        return sample(kasUrl, new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA", "2026-11-22T10:00:00Z"));
    }

    private Path sample(String kasUrl, SecurityLabel label) throws Exception {
        Path file = dir.resolve("sample-" + System.nanoTime() + ".ztdf");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ZtdfWriter().write(new ByteArrayInputStream("for USA eyes".getBytes(StandardCharsets.UTF_8)), out,
                    new ZtdfWriter.Request(label, List.of(new KasRecipient(kasUrl, "rsa-1", "",
                            KeyWrapper.rsaOaep(KeyAlgorithm.RSA_2048.newKeyPair().getPublic(), KeyWrapping.OaepHash.SHA1))),
                            "text/plain", 4096));
        }
        return file;
    }

    /** The same file with its manifest changed as {@code change} says (what a forger with the file can do). */
    private Path withManifest(Path file, Consumer<ObjectNode> change) throws Exception {
        Path target = dir.resolve("changed-" + System.nanoTime() + ".ztdf");
        try (ZipFile zip = new ZipFile(file.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            ObjectNode manifest = (ObjectNode) JSON.readTree(zip.getInputStream(zip.getEntry("0.manifest.json")));
            change.accept(manifest);
            out.putNextEntry(new ZipEntry("0.payload"));
            out.write(zip.getInputStream(zip.getEntry("0.payload")).readAllBytes());
            out.closeEntry();
            out.putNextEntry(new ZipEntry("0.manifest.json"));
            out.write(JSON.writeValueAsBytes(manifest));
            out.closeEntry();
        }
        return target;
    }

    @Test
    void aLabelCarryingTerminalEscapesIsRefusedAndTheErrorShowsThemEscaped() throws Exception {
        // On a terminal, ESC[2K ESC[1G would erase "SECRET" and print the forger's marking instead.
        Path forged = withManifest(sample("http://kas.test/realms/r/kas"), manifest -> {
            ObjectNode statement = (ObjectNode) manifest.path("assertions").get(0).path("statement");
            statement.put("value", statement.path("value").asText().replace("\"USA\"]",
                    "\"USA\\u001b[2K\\u001b[1Gmarking: UNCLASSIFIED//REL NATO\"]"));
        });
        Run run = run("inspect", "--in", forged.toString());
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("MALFORMED_MANIFEST").contains("\\u001b[2K").doesNotContain("\u001b");
    }

    @Test
    void inspectEscapesControlCharactersInEveryFieldItShows() throws Exception {
        Path crafted = withManifest(sample("http://kas.test/realms/r/kas"), manifest -> {
            ObjectNode kao = (ObjectNode) manifest.path("encryptionInformation").path("keyAccess").get(0);
            kao.put("url", "http://kas.test/realms/r/kas\u001b]0;owned\u0007").put("kid", "rsa-1\r\nintegrity:      VERIFIED");
        });
        Run run = run("inspect", "--in", crafted.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("marking:        SECRET//REL USA")
                .contains("KAS:            http://kas.test/realms/r/kas\\u001b]0;owned\\u0007 (wrapped, kid rsa-1\\u000d\\u000aintegrity:")
                .doesNotContain("\u001b", "\u0007", "\r");
        assertThat(run.out().lines().filter(line -> line.startsWith("integrity:      VERIFIED"))).isEmpty();
    }

    @Test
    void aSegmentSizeOverflowingAnIntIsAnInvalidZtdfNotACrash() throws Exception {
        Path crafted = withManifest(sample("http://kas.test/realms/r/kas"), manifest -> ((ObjectNode) manifest
                .path("encryptionInformation").path("integrityInformation").path("segments").get(0))
                .put("segmentSize", Integer.MAX_VALUE).put("encryptedSegmentSize", Integer.MAX_VALUE + 28));
        Run run = run("decrypt", "--in", crafted.toString(), "--out", dir.resolve("out").toString(), "--token", "a.b.c");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("MALFORMED_MANIFEST").contains("segments[0]");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void industryReleaseAndEmbargoAreOptionsCheckedBeforeAnyKasIsAsked() throws Exception {
        Path plain = dir.resolve("p.txt");
        Files.writeString(plain, "x");
        for (String bad : List.of("2027-01-31", "2027-02-30T00:00:00Z", "soon")) {
            Run run = run("encrypt", "--in", plain.toString(), "--out", dir.resolve("p.ztdf").toString(), "--kas", "http://k.invalid",
                    "--classification", "CONFIDENTIAL", "--rel", "DEU", "--originator", "USA", "--releasable-to-industry",
                    "--embargo-until", bad);
            assertThat(run.exit()).as(bad).isEqualTo(2);
            assertThat(run.err()).contains("embargoUntil '" + bad + "' is not an RFC 3339 timestamp such as 2027-01-31T00:00:00Z");
        }
        assertThat(run("encrypt", "--in", plain.toString(), "--embargo-until").err()).contains("--embargo-until needs a value");
        assertThat(run("--help").out()).contains("[--releasable-to-industry]").contains("[--embargo-until RFC3339]");
    }

    @Test
    void encryptAsksEveryKasForItsKeyOnlyOnceTheOptionsAreValid() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = io.dive.ztdf.Pem.publicKey(generator.generateKeyPair().getPublic());
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = kasAnswering(200, new ObjectMapper().writeValueAsBytes(java.util.Map.of(
                "publicKey", pem, "kid", "k1", "algorithm", "rsa:2048")), requests);
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/";
            Path plain = dir.resolve("p.txt");
            Files.writeString(plain, "x");
            Path out = dir.resolve("p.ztdf");
            Run refused = run("encrypt", "--in", plain.toString(), "--out", out.toString(), "--kas", base + "a/kas",
                    "--classification", "SECRET", "--rel", "USA", "--originator", "USA", "--embargo-until", "soon");
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(requests.get()).as("no KAS asked for a command line that is refused").isZero();

            Run done = run("encrypt", "--in", plain.toString(), "--out", out.toString(), "--kas", base + "a/kas", "--kas",
                    base + "b/kas", "--classification", "SECRET", "--rel", "USA", "--originator", "USA");
            assertThat(done.exit()).as(done.err()).isZero();
            assertThat(requests.get()).as("one public key request per KAS").isEqualTo(2);
            try (io.dive.ztdf.ZtdfReader reader = io.dive.ztdf.ZtdfReader.open(out)) {
                assertThat(reader.keyAccessObjects()).extracting(io.dive.ztdf.KeyAccessObject::url)
                        .containsExactly(base + "a/kas", base + "b/kas");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aKasWithoutAPublicKeyFailsTheEncryptAndLeavesNoFileWhateverTheSize() throws Exception {
        com.sun.net.httpserver.HttpServer server = kasAnswering(404, "{\"error\":\"no such key\"}".getBytes(StandardCharsets.UTF_8),
                new java.util.concurrent.atomic.AtomicInteger());
        try {
            String kas = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/a/kas";
            // One segment (sealed while the key is on its way) and two (the key awaited before the file is read).
            for (int size : new int[] {1, (1 << 20) + 1}) {
                Path plain = dir.resolve("p-" + size + ".bin");
                Files.write(plain, new byte[size]);
                Path out = dir.resolve("p-" + size + ".ztdf");
                Run run = run("encrypt", "--in", plain.toString(), "--out", out.toString(), "--kas", kas,
                        "--classification", "SECRET", "--rel", "USA", "--originator", "USA");
                assertThat(run.exit()).as(run.err()).isEqualTo(8);
                assertThat(run.err()).contains("has no public key for rsa:2048: no such key");
                assertThat(out).doesNotExist();
                try (var files = Files.list(dir)) {
                    assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".part"));
                }
            }
        } finally {
            server.stop(0);
        }
    }

    /** A KAS on loopback answering every request with {@code status} and the JSON {@code body}, counting them. */
    private static com.sun.net.httpserver.HttpServer kasAnswering(int status, byte[] body,
            java.util.concurrent.atomic.AtomicInteger requests) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void inspectShowsEveryLabelFieldAndWhereTheLabelCameFrom() throws Exception {
        Path file = sample("http://kas.test/realms/r/kas", new SecurityLabel("CONFIDENTIAL", List.of("DEU"), List.of(), List.of(),
                "USA", "2026-11-22T10:00:00Z", true, "2027-01-31T00:00:00Z"));
        Run run = run("inspect", "--in", file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("industry:       releasable\n").contains("embargo until:  2027-01-31T00:00:00Z\n")
                .contains("created:        2026-11-22T10:00:00Z\n")
                .contains("label from:     the STANAG 4774 label assertion (agrees with the policy's attributes)");

        // Without its label assertion (as another OpenTDF producer writes it) the label comes from the policy.
        Path derived = withManifest(sample("http://kas.test/realms/r/kas"), manifest -> manifest.remove("assertions"));
        Run policy = run("inspect", "--in", derived.toString());
        assertThat(policy.exit()).as(policy.err()).isZero();
        assertThat(policy.out()).contains("marking:        SECRET//REL USA").contains("industry:       not releasable")
                .contains("embargo until:  (none)").contains("label from:     the policy's attributes (no STANAG 4774 label "
                        + "assertion; made by another OpenTDF producer)");
    }
}
