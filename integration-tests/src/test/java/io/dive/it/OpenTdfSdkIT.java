package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock OpenTDF Go SDK against DIVE (issue 12, must show 1–3), through the project's interop
 * program (interop/opentdf-sdk, built by {@code scripts/bin/go-tool opentdf-sdk} from the Go module
 * proxy at the pinned tag). The SDK gets only the platform endpoint (the KAS origin) and the
 * credentials of the DPoP client {@code dive-opentdf}: it discovers the IdP, asks the KAS registry,
 * gets a DPoP-bound token and calls the KAS over Connect RPC, with assertion verification on.
 */
@ExtendWith(DiveStackExtension.class)
class OpenTdfSdkIT {

    private static final String DIVE = "https://dive.coalition/attr/";
    private static Path sdk;

    @TempDir
    Path dir;

    /** What the SDK program printed and how it ended (0 done, 3 forbidden, 4 tamper). */
    record Run(int exit, String err) {
    }

    @BeforeAll
    static void buildSdk() throws Exception {
        Path root = Path.of(System.getProperty("dive.root")).toAbsolutePath().normalize();
        Process build = new ProcessBuilder(root.resolve("scripts/bin/go-tool").toString(), "opentdf-sdk",
                System.getProperty("opentdf-sdk.version", "v0.36.0")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(build.getInputStream().readAllBytes()).trim();
        assertThat(build.waitFor(30, TimeUnit.MINUTES) && build.exitValue() == 0).as("go-tool opentdf-sdk").isTrue();
        sdk = Path.of(path);
    }

    private Run sdk(DiveStack stack, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(sdk.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--platform", stack.kasOriginUrl(), "--client-id", OpenTdfConnectIT.CLIENT));
        Path err = dir.resolve("sdk-stderr-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DIVE_OPENTDF_CLIENT_SECRET", OpenTdfConnectIT.SECRET);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the SDK finished").isTrue();
        return new Run(process.exitValue(), Files.readString(err));
    }

    private Path plaintext(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private Path diveEncrypt(DiveStack stack, Path plain, KeyAlgorithm algorithm, String releasableTo) throws Exception {
        Path file = dir.resolve(plain.getFileName() + "-" + algorithm + ".ztdf");
        new ZtdfClient(new KasClient()).encrypt(plain, file, new SecurityLabel("UNCLASSIFIED", List.of(releasableTo), List.of(),
                List.of(), "USA", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()), List.of(stack.kasOriginUrl()),
                algorithm, done -> { });
        return file;
    }

    @Test
    void theSdkDecryptsDiveRsaAndEcFilesByteIdentical(DiveStack stack) throws Exception {
        Path plain = plaintext("dive-made", 3 * 1024 * 1024 + 17);
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            Path out = dir.resolve("sdk-" + algorithm + ".out");
            Run run = sdk(stack, "decrypt", "--in", diveEncrypt(stack, plain, algorithm, "USA").toString(), "--out", out.toString());
            assertThat(run.exit()).as(algorithm + ": " + run.err()).isZero();
            assertThat(Files.mismatch(plain, out)).as(algorithm + " byte-identical").isEqualTo(-1L);
        }
    }

    @Test
    void aFileNotReleasableToTheClientsCountryIsForbidden(DiveStack stack) throws Exception {
        Path out = dir.resolve("gbr.out");
        Run run = sdk(stack, "decrypt", "--in", diveEncrypt(stack, plaintext("gbr-only", 1000), KeyAlgorithm.RSA_2048, "GBR")
                .toString(), "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("ErrRewrapForbidden").contains("PermissionDenied");
        assertThat(out).doesNotExist();
    }

    @Test
    void theSdkEncryptsWithDiveAttributesAndTheDiveToolOpensIt(DiveStack stack) throws Exception {
        Path plain = plaintext("sdk-made", 2 * 1024 * 1024 + 3);
        Path token = ZtdfTool.tokenFile(stack, dir, "usa", "usa-secret");
        for (String wrapping : List.of("rsa:2048", "ec:secp256r1")) {
            Path file = dir.resolve("sdk-" + wrapping.replace(':', '-') + ".tdf");
            Run encrypt = sdk(stack, "encrypt", "--in", plain.toString(), "--out", file.toString(), "--wrapping", wrapping,
                    "--attr", DIVE + "classification/value/UNCLASSIFIED", "--attr", DIVE + "releasableTo/value/USA",
                    "--attr", DIVE + "releasableTo/value/GBR", "--attr", DIVE + "originator/value/USA");
            assertThat(encrypt.exit()).as(wrapping + ": " + encrypt.err()).isZero();
            ZtdfTool.Run inspect = ZtdfTool.run(stack, dir, "inspect", "--in", file.toString());
            assertThat(inspect.exit()).as(inspect.err()).isZero();
            assertThat(inspect.out()).contains("marking:        UNCLASSIFIED//REL USA, GBR")
                    .contains("label from:     the policy's attributes").contains(stack.kasOriginUrl());
            Path out = dir.resolve("sdk-made-" + wrapping.replace(':', '-') + ".out");
            // The KAS origin is not on the token issuer's origin: the tool sends the token there only when told to.
            ZtdfTool.Run decrypt = ZtdfTool.run(stack, dir, "decrypt", "--in", file.toString(), "--out", out.toString(),
                    "--token-file", token.toString(), "--trust-kas", stack.kasOriginUrl());
            assertThat(decrypt.exit()).as(decrypt.err()).isZero();
            assertThat(Files.mismatch(plain, out)).as(wrapping + " byte-identical through the DIVE tool").isEqualTo(-1L);
            // And back through the SDK, whose key came from the KAS's PublicKey call.
            Path again = dir.resolve("sdk-again-" + wrapping.replace(':', '-'));
            Run decryptSdk = sdk(stack, "decrypt", "--in", file.toString(), "--out", again.toString());
            assertThat(decryptSdk.exit()).as(decryptSdk.err()).isZero();
            assertThat(Files.mismatch(plain, again)).isEqualTo(-1L);
        }
    }

    /** An UNCLASSIFIED file releasable to the USA, encrypted by the SDK with no originator (OpenTDF has none). */
    private Path sdkEncryptForUsa(DiveStack stack, Path plain) throws Exception {
        Path file = dir.resolve(plain.getFileName() + ".tdf");
        Run encrypt = sdk(stack, "encrypt", "--in", plain.toString(), "--out", file.toString(), "--wrapping", "rsa:2048",
                "--attr", DIVE + "classification/value/UNCLASSIFIED", "--attr", DIVE + "releasableTo/value/USA");
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        return file;
    }

    /** {@code file} decrypted by the SDK (assertion verification on) is {@code plain}. */
    private void sdkOpens(DiveStack stack, Path file, Path plain) throws Exception {
        Path out = dir.resolve(file.getFileName() + "-sdk.out");
        Run decrypt = sdk(stack, "decrypt", "--in", file.toString(), "--out", out.toString());
        assertThat(decrypt.exit()).as(decrypt.err()).isZero();
        assertThat(Files.mismatch(plain, out)).isEqualTo(-1L);
    }

    /** OpenTDF has no originator: an SDK file whose policy names none is inspected as such and opens through the KAS. */
    @Test
    void anSdkFileWithoutAnOriginatorOpens(DiveStack stack) throws Exception {
        Path plain = plaintext("no-originator", 4096);
        Path file = sdkEncryptForUsa(stack, plain);
        ZtdfTool.Run inspect = ZtdfTool.run(stack, dir, "inspect", "--in", file.toString());
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("originator:     (not stated)").contains("label from:     the policy's attributes");
        sdkOpens(stack, file, plain);
    }
}
