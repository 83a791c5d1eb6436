package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dive-ztdf command-line tool of the distribution against the running KAS (issue 6, must
 * show 5): a 1 GiB file encrypts and decrypts with a 256 MiB heap; exit codes and messages.
 */
@ExtendWith(DiveStackExtension.class)
class ZtdfCliIT {

    @TempDir
    Path dir;

    private ZtdfTool.Run cli(DiveStack stack, String... args) throws Exception {
        return ZtdfTool.run(stack, dir, args);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path tokenFile(DiveStack stack, String idp, String user) throws IOException {
        return ZtdfTool.tokenFile(stack, dir, idp, user);
    }

    @Test
    void aOneGibFileEncryptsAndDecryptsWithA256MibHeap(DiveStack stack) throws Exception {
        Path plain = dir.resolve("one-gib.bin");
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(plain)) {
            for (int i = 0; i < 1024; i++) {
                ByteBuffer.wrap(block).putInt(i); // every MiB differs
                out.write(block);
            }
        }
        assertThat(Files.size(plain)).isEqualTo(1L << 30);
        Path sealed = dir.resolve("one-gib.ztdf");
        ZtdfTool.Run encrypt = cli(stack, "encrypt", "--in", plain.toString(), "--out", sealed.toString(), "--kas", KasIT.kasUrl(stack),
                "--classification", "SECRET", "--rel", "USA,GBR", "--originator", "USA", "--progress");
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        assertThat(encrypt.err()).contains("encrypting 1,024 / 1,024 MiB (100 %)");
        assertThat(encrypt.out()).contains("1024 segments").contains("SECRET//REL USA, GBR");

        Path restored = dir.resolve("one-gib.out");
        ZtdfTool.Run decrypt = cli(stack, "decrypt", "--in", sealed.toString(), "--out", restored.toString(), "--token-file",
                tokenFile(stack, "usa", "usa-secret").toString(), "--progress");
        assertThat(decrypt.exit()).as(decrypt.err()).isZero();
        assertThat(decrypt.err()).contains("decrypting 1,024 / 1,024 MiB (100 %)");
        assertThat(sha256(restored)).isEqualTo(sha256(plain));
    }

    /** {@code text} written to {@code plain} and encrypted by the tool for the broker's KAS (originator USA). */
    private Path sealed(DiveStack stack, Path plain, String text, String classification, String rel) throws Exception {
        Files.writeString(plain, text);
        Path sealed = dir.resolve(plain.getFileName() + ".ztdf");
        ZtdfTool.Run encrypt = cli(stack, "encrypt", "--in", plain.toString(), "--out", sealed.toString(), "--kas", KasIT.kasUrl(stack),
                "--classification", classification, "--rel", rel, "--originator", "USA");
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        return sealed;
    }

    @Test
    void exitCodesSayWhatWentWrong(DiveStack stack) throws Exception {
        Path plain = dir.resolve("small.txt");
        Path sealed = sealed(stack, plain, "for USA and GBR eyes only", "SECRET", "USA,GBR");

        ZtdfTool.Run inspect = cli(stack, "inspect", "--in", sealed.toString());
        assertThat(inspect.exit()).isZero();
        assertThat(inspect.out()).contains("marking:        SECRET//REL USA, GBR").contains(KasIT.kasUrl(stack));
        ZtdfTool.Run verified = cli(stack, "inspect", "--in", sealed.toString(), "--token-file",
                tokenFile(stack, "usa", "usa-secret").toString());
        assertThat(verified.out()).as(verified.err()).contains("integrity:      VERIFIED");

        Path out = dir.resolve("fra.txt");
        ZtdfTool.Run denied = cli(stack, "decrypt", "--in", sealed.toString(), "--out", out.toString(), "--token-file",
                tokenFile(stack, "fra", "fra-secret").toString());
        assertThat(denied.exit()).isEqualTo(4);
        assertThat(denied.err()).contains("DENIED").contains("NOT_RELEASABLE");
        assertThat(out).doesNotExist();

        ZtdfTool.Run badToken = cli(stack, "decrypt", "--in", sealed.toString(), "--out", out.toString(), "--token", "not.a.token");
        assertThat(badToken.exit()).isEqualTo(5);
        assertThat(badToken.err()).contains("fresh access token");

        Path notZtdf = dir.resolve("not.ztdf");
        Files.writeString(notZtdf, "hello", StandardCharsets.UTF_8);
        ZtdfTool.Run invalid = cli(stack, "inspect", "--in", notZtdf.toString());
        assertThat(invalid.exit()).isEqualTo(3);
        assertThat(invalid.err()).contains("MALFORMED_CONTAINER");

        ZtdfTool.Run usage = cli(stack, "encrypt", "--in", plain.toString());
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--out is required");
        ZtdfTool.Run level = cli(stack, "encrypt", "--in", plain.toString(), "--out", sealed + "2", "--kas", KasIT.kasUrl(stack),
                "--classification", "ULTRA", "--rel", "USA", "--originator", "USA");
        assertThat(level.exit()).isEqualTo(2);
        assertThat(level.err()).contains("classification must be a normalized level");
    }

    @Test
    void aLabelCarryingTerminalEscapesIsRefusedWithTheEscapesShownAsText(DiveStack stack) throws Exception {
        Path sealed = sealed(stack, dir.resolve("label.txt"), "TOP SECRET in disguise", "TOP_SECRET", "USA");
        // ESC[2K ESC[1G: erase the line and print another marking over it.
        Path forged = ZtdfTampering.rewriteManifest(sealed, dir.resolve("forged.ztdf"), manifest -> {
            com.fasterxml.jackson.databind.node.ObjectNode statement = (com.fasterxml.jackson.databind.node.ObjectNode)
                    manifest.path("assertions").get(0).path("statement");
            statement.put("value", statement.path("value").asText().replace("\"USA\"]",
                    "\"USA\\u001b[2K\\u001b[1Gmarking:        UNCLASSIFIED//REL NATO\"]"));
        });
        ZtdfTool.Run inspect = cli(stack, "inspect", "--in", forged.toString());
        assertThat(inspect.exit()).isEqualTo(3);
        assertThat(inspect.out()).doesNotContain("UNCLASSIFIED");
        assertThat(inspect.err()).contains("MALFORMED_MANIFEST").contains("\\u001b[2K").doesNotContain("\u001b");
    }
}
