package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.client.KasClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every label field reaches the key-release policy (issue 12, must show 5), and files made by
 * other OpenTDF producers (no label assertion, no creation time) open through the KAS with the
 * label their policy describes. Files are made with the distribution's dive-ztdf tool (what
 * {@code ./dive ztdf} runs) and, SDK-style, by {@link SdkStyleZtdf}; the reader is the cleared
 * industry user {@code industry-confidential} (INDUSTRY, CONFIDENTIAL, DEU).
 */
@ExtendWith(DiveStackExtension.class)
class LabelFieldsIT {

    private static final String DIVE = "https://dive.coalition/attr/";
    private static final String TEXT = "CONFIDENTIAL//REL DEU, for cleared industry";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ZtdfTool.Run cli(DiveStack stack, String... args) throws Exception {
        return ZtdfTool.run(stack, dir, args);
    }

    private Path industryToken(DiveStack stack) throws Exception {
        return ZtdfTool.tokenFile(stack, dir, "industry", "industry-confidential");
    }

    /** A CONFIDENTIAL REL DEU file from the tool, with these extra label options. */
    private Path sealed(DiveStack stack, String name, String... options) throws Exception {
        Path plain = dir.resolve(name + ".txt");
        Files.writeString(plain, TEXT);
        Path sealed = dir.resolve(name + ".ztdf");
        List<String> args = new ArrayList<>(List.of("encrypt", "--in", plain.toString(), "--out", sealed.toString(), "--kas",
                KasIT.kasUrl(stack), "--classification", "CONFIDENTIAL", "--rel", "DEU", "--originator", "USA"));
        args.addAll(List.of(options));
        ZtdfTool.Run encrypt = cli(stack, args.toArray(String[]::new));
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        return sealed;
    }

    private ZtdfTool.Run decrypt(DiveStack stack, Path sealed, Path out) throws Exception {
        return cli(stack, "decrypt", "--in", sealed.toString(), "--out", out.toString(), "--token-file",
                industryToken(stack).toString());
    }

    private static String day(long offset) {
        return Instant.now().plus(offset, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void aConfidentialFileMarkedReleasableToIndustryOpensForIndustryConfidential(DiveStack stack) throws Exception {
        JsonNode claims = KeycloakClient.claims(Files.readString(industryToken(stack)));
        assertThat(claims.path("organizationType").asText()).isEqualTo("INDUSTRY");
        assertThat(claims.path("clearance").asText()).isEqualTo("CONFIDENTIAL");
        assertThat(claims.path("countryOfAffiliation").asText()).isEqualTo("DEU");

        Path sealed = sealed(stack, "industry", "--releasable-to-industry");
        ZtdfTool.Run inspect = cli(stack, "inspect", "--in", sealed.toString());
        assertThat(inspect.out()).contains("industry:       releasable").contains("embargo until:  (none)");
        Path out = dir.resolve("industry.out");
        ZtdfTool.Run decrypt = decrypt(stack, sealed, out);
        assertThat(decrypt.exit()).as(decrypt.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo(TEXT);
    }

    @Test
    void theSameFileWithoutTheMarkIsDeniedIndustryNotReleasable(DiveStack stack) throws Exception {
        Path out = dir.resolve("government.out");
        ZtdfTool.Run denied = decrypt(stack, sealed(stack, "government"), out);
        assertThat(denied.exit()).as(denied.out()).isEqualTo(4);
        assertThat(denied.err()).contains("DENIED").contains("INDUSTRY_NOT_RELEASABLE");
        assertThat(out).doesNotExist();
    }

    @Test
    void anEmbargoedFileIsDeniedUntilTheDateAndOpensAfterIt(DiveStack stack) throws Exception {
        String tomorrow = day(1);
        Path embargoed = sealed(stack, "embargoed", "--releasable-to-industry", "--embargo-until", tomorrow);
        assertThat(cli(stack, "inspect", "--in", embargoed.toString()).out()).contains("embargo until:  " + tomorrow);
        Path out = dir.resolve("embargoed.out");
        ZtdfTool.Run denied = decrypt(stack, embargoed, out);
        assertThat(denied.exit()).isEqualTo(4);
        assertThat(denied.err()).contains("EMBARGOED").doesNotContain("INDUSTRY_NOT_RELEASABLE");
        assertThat(out).doesNotExist();

        Path lifted = sealed(stack, "lifted", "--releasable-to-industry", "--embargo-until", day(-1));
        ZtdfTool.Run opened = decrypt(stack, lifted, dir.resolve("lifted.out"));
        assertThat(opened.exit()).as(opened.err()).isZero();
        assertThat(Files.readString(dir.resolve("lifted.out"))).isEqualTo(TEXT);

        ZtdfTool.Run badDate = cli(stack, "encrypt", "--in", dir.resolve("lifted.txt").toString(), "--out",
                dir.resolve("bad.ztdf").toString(), "--kas", KasIT.kasUrl(stack), "--classification", "CONFIDENTIAL", "--rel",
                "DEU", "--originator", "USA", "--embargo-until", "31/01/2027");
        assertThat(badDate.exit()).isEqualTo(2);
        assertThat(badDate.err()).contains("embargoUntil '31/01/2027' is not an RFC 3339 timestamp");
    }

    private static List<String> industryFqns() {
        return List.of(DIVE + "classification/value/CONFIDENTIAL", DIVE + "releasableTo/value/DEU", DIVE + "originator/value/USA",
                DIVE + "releasableToIndustry/value/true");
    }

    @Test
    void anSdkStyleFileOpensThroughTheKasWithTheLabelItsPolicyDescribes(DiveStack stack) throws Exception {
        byte[] plaintext = new byte[250_000];
        new java.util.Random(12).nextBytes(plaintext);
        for (boolean systemMetadata : List.of(false, true)) {
            Path file = SdkStyleZtdf.write(KasIT.kasUrl(stack), plaintext, industryFqns(), systemMetadata,
                    dir.resolve("sdk-" + systemMetadata + ".ztdf"));
            ZtdfTool.Run inspect = cli(stack, "inspect", "--in", file.toString());
            assertThat(inspect.exit()).as(inspect.err()).isZero();
            assertThat(inspect.out()).contains("marking:        CONFIDENTIAL//REL DEU").contains("industry:       releasable")
                    .contains("created:        (not stated)").contains("label from:     the policy's attributes");
            ZtdfTool.Run verified = cli(stack, "inspect", "--in", file.toString(), "--token-file", industryToken(stack).toString());
            assertThat(verified.out()).as(verified.err()).contains("integrity:      VERIFIED");
            Path out = dir.resolve("sdk-" + systemMetadata + ".out");
            ZtdfTool.Run decrypt = decrypt(stack, file, out);
            assertThat(decrypt.exit()).as(decrypt.err()).isZero();
            assertThat(decrypt.out()).contains("marking: CONFIDENTIAL//REL DEU (from the policy's attributes");
            assertThat(Files.readAllBytes(out)).as("byte-identical").isEqualTo(plaintext);
        }
    }

    @Test
    void attributesOfAnotherNamespaceAreRefusedByTheToolAndByTheKasNamingThem(DiveStack stack) throws Exception {
        String foreign = "https://example.com/attr/project/value/apollo";
        List<String> fqns = new ArrayList<>(industryFqns());
        fqns.add(foreign);
        Path file = SdkStyleZtdf.write(KasIT.kasUrl(stack), TEXT.getBytes(StandardCharsets.UTF_8), fqns, false,
                dir.resolve("foreign.ztdf"));
        ZtdfTool.Run inspect = cli(stack, "inspect", "--in", file.toString());
        assertThat(inspect.exit()).isEqualTo(3);
        assertThat(inspect.err()).contains("FOREIGN_ATTRIBUTE").contains("'" + foreign + "'");

        // A client that does not check sends it anyway: the KAS refuses it, saying which attributes.
        JsonNode manifest;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            manifest = JSON.readTree(zip.getInputStream(zip.getEntry("0.manifest.json")));
        }
        JsonNode encryption = manifest.path("encryptionInformation");
        KasClientException refusal = KasIT.refusal(KasIT.kasUrl(stack), Files.readString(industryToken(stack)),
                encryption.path("policy").asText(), OpenTdfJson.readKeyAccessObject(encryption.path("keyAccess").get(0).toString()));
        assertThat(refusal.kind()).isEqualTo(KasClientException.Kind.REJECTED);
        assertThat(refusal.getMessage()).contains("policy cannot be evaluated").contains("outside the DIVE namespace")
                .contains("'" + foreign + "'");
    }
}
