package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipFile;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of other OpenTDF producers (no label assertion, no creation time, an SDK's own assertion),
 * DIVE files written before the 4.3.0 assertion binding, and labels that disagree with the policy.
 */
class OtherProducersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIVE = "https://dive.coalition/attr/";
    private static final byte[] PLAINTEXT = new byte[10_000];
    private static KeyPair kas;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        kas = KeyAlgorithm.RSA_2048.newKeyPair();
        new Random(3).nextBytes(PLAINTEXT);
    }

    private Path diveFile(SecurityLabel label) throws Exception {
        Path file = dir.resolve("dive-" + System.nanoTime() + ".ztdf");
        try (var out = Files.newOutputStream(file)) {
            new ZtdfWriter().write(new java.io.ByteArrayInputStream(PLAINTEXT), out, new ZtdfWriter.Request(label,
                    List.of(new KasRecipient("https://kas.example/realms/dive-broker/kas", "r1", "",
                            KeyWrapper.rsaOaep(kas.getPublic(), KeyWrapping.OaepHash.SHA1))), "text/plain", 4096));
        }
        return file;
    }

    private static byte[] dataKey(Path file) throws Exception {
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            return ZtdfRoundTripTest.unwrap(reader, kas.getPrivate());
        }
    }

    private static byte[] decrypt(Path file) throws Exception {
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.decrypt(ZtdfRoundTripTest.unwrap(reader, kas.getPrivate()), out, done -> { });
            return out.toByteArray();
        }
    }

    private static String hmacHex(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] segmentHashes(JsonNode manifest) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        manifest.path("encryptionInformation").path("integrityInformation").path("segments")
                .forEach(segment -> all.writeBytes(Base64.getDecoder().decode(segment.path("hash").asText())));
        return all.toByteArray();
    }

    /** The manifest with {@code policy} in place, each key access object's binding redone under the data key. */
    private static ObjectNode withPolicy(ObjectNode manifest, byte[] dataKey, String policy) {
        ObjectNode encryption = (ObjectNode) manifest.path("encryptionInformation");
        encryption.put("policy", policy);
        for (JsonNode kao : encryption.path("keyAccess")) {
            try {
                ((ObjectNode) kao.path("policyBinding")).put("hash", Base64.getEncoder().encodeToString(
                        hmacHex(dataKey, policy).getBytes(StandardCharsets.US_ASCII)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return manifest;
    }

    /** What an OpenTDF SDK writes for DIVE attributes: its policy, no label assertion, its own assertion bound in the 4.3.0 form. */
    private Path sdkStyle(Path diveFile, UnaryOperator<ObjectNode> more, String... fqns) throws Exception {
        byte[] dataKey = dataKey(diveFile);
        return ZtdfFiles.rewrite(diveFile, dir.resolve("sdk-" + System.nanoTime() + ".ztdf"), manifest -> {
            withPolicy(manifest, dataKey, PolicyObjectTest.policy(fqns));
            ObjectNode assertion = JSON.createObjectNode().put("id", "system-metadata").put("type", "other").put("scope", "payload")
                    .put("appliesToState", "unencrypted");
            assertion.putObject("statement").put("format", "json").put("schema", "system-metadata-v1")
                    .put("value", "{\"tdf_spec_version\":\"4.3.0\",\"sdk_version\":\"Go-0.36.0\"}");
            try {
                AssertionBinding.bind(assertion, dataKey, segmentHashes(manifest));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            manifest.putArray("assertions").add(assertion);
            return more.apply(manifest);
        }, UnaryOperator.identity());
    }

    private static final String[] INDUSTRY_FILE = {DIVE + "classification/value/CONFIDENTIAL", DIVE + "releasableTo/value/USA",
        DIVE + "releasableTo/value/DEU", DIVE + "originator/value/USA", DIVE + "releasableToIndustry/value/true",
        DIVE + "embargoUntil/value/2026-01-01T00:00:00+01:00"};

    private static SecurityLabel someLabel() {
        return new SecurityLabel("CONFIDENTIAL", List.of("USA"), List.of(), List.of(), "USA", "2026-12-01T10:00:00Z");
    }

    @Test
    void anSdkStyleFileWithDiveAttributesOpensWithTheLabelItsPolicyDescribes() throws Exception {
        Path file = sdkStyle(diveFile(someLabel()), UnaryOperator.identity(), INDUSTRY_FILE);
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            assertThat(reader.labelDerivedFromPolicy()).isTrue();
            assertThat(reader.label()).isEqualTo(new SecurityLabel("CONFIDENTIAL", List.of("USA", "DEU"), List.of(), List.of(),
                    "USA", null, true, "2026-01-01T00:00:00+01:00"));
            assertThat(reader.label()).isEqualTo(reader.policyObject().label());
        }
        assertThat(decrypt(file)).isEqualTo(PLAINTEXT);
        // Without any assertion at all (the SDK's system metadata is optional) it opens too.
        Path bare = sdkStyle(diveFile(someLabel()), manifest -> {
            manifest.remove("assertions");
            return manifest;
        }, INDUSTRY_FILE);
        assertThat(decrypt(bare)).isEqualTo(PLAINTEXT);
    }

    @Test
    void aDiveFileIsMarkedAsCarryingItsLabelAssertion() throws Exception {
        try (ZtdfReader reader = ZtdfReader.open(diveFile(someLabel()))) {
            assertThat(reader.labelDerivedFromPolicy()).isFalse();
        }
    }

    @Test
    void aChangedSdkAssertionIsDetected() throws Exception {
        Path file = sdkStyle(diveFile(someLabel()), manifest -> {
            ((ObjectNode) manifest.path("assertions").get(0).path("statement")).put("value", "{\"sdk_version\":\"forged\"}");
            return manifest;
        }, INDUSTRY_FILE);
        assertThatThrownBy(() -> decrypt(file)).isInstanceOfSatisfying(ZtdfException.class, e -> {
            assertThat(e.reason()).isEqualTo(ZtdfException.Reason.LABEL_BINDING);
            assertThat(e.getMessage()).isEqualTo("assertion 'system-metadata' was changed after it was bound");
        });
    }

    @Test
    void aPolicyMixingNamespacesIsRefusedBeforeAnyKeyIsAskedFor() throws Exception {
        Path file = sdkStyle(diveFile(someLabel()), UnaryOperator.identity(), DIVE + "classification/value/SECRET",
                DIVE + "releasableTo/value/USA", DIVE + "originator/value/USA", "https://example.com/attr/project/value/apollo");
        assertThatThrownBy(() -> ZtdfReader.open(file)).isInstanceOfSatisfying(ZtdfException.class, e -> {
            assertThat(e.reason()).isEqualTo(ZtdfException.Reason.FOREIGN_ATTRIBUTE);
            assertThat(e.getMessage()).contains("'https://example.com/attr/project/value/apollo'");
        });
    }

    @Test
    void aLabelAssertionThatDisagreesWithThePolicyIsRefused() throws Exception {
        // The policy (what the KAS decides on) says releasable to industry; the label shown says not.
        Path dive = diveFile(someLabel());
        byte[] dataKey = dataKey(dive);
        Path file = ZtdfFiles.rewrite(dive, dir.resolve("disagree.ztdf"), manifest -> withPolicy(manifest, dataKey,
                new PolicyObject("p", new SecurityLabel("CONFIDENTIAL", List.of("USA"), List.of(), List.of(), "USA",
                        "2026-12-01T10:00:00Z", true, null)).toBase64()), UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(file)).isInstanceOfSatisfying(ZtdfException.class, e -> {
            assertThat(e.reason()).isEqualTo(ZtdfException.Reason.LABEL_BINDING);
            assertThat(e.getMessage()).contains("disagree");
        });
    }

    @Test
    void twoLabelAssertionsAreRefused() throws Exception {
        Path file = ZtdfFiles.rewrite(diveFile(someLabel()), dir.resolve("two.ztdf"), manifest -> {
            ArrayNode assertions = (ArrayNode) manifest.path("assertions");
            assertions.add(assertions.get(0).deepCopy());
            return manifest;
        }, UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(file)).hasMessageStartingWith("the ZTDF carries two STANAG 4774 label assertions");
        Path notObject = ZtdfFiles.rewrite(diveFile(someLabel()), dir.resolve("text.ztdf"), manifest -> {
            ((ArrayNode) manifest.path("assertions")).add("stanag-4774-label");
            return manifest;
        }, UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(notObject)).isInstanceOfSatisfying(ZtdfException.class,
                e -> assertThat(e.reason()).isEqualTo(ZtdfException.Reason.MALFORMED_MANIFEST));
    }

    @Test
    void diveWritesThe430FormAndStillReadsItsEarlierRootSignatureForm() throws Exception {
        Path dive = diveFile(someLabel());
        JsonNode manifest;
        try (ZipFile zip = new ZipFile(dive.toFile())) {
            manifest = JSON.readTree(zip.getInputStream(zip.getEntry("0.manifest.json")));
        }
        String jws = manifest.path("assertions").get(0).path("binding").path("signature").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(segmentHashes(manifest));
        expected.writeBytes(HexFormat.of().parseHex(claims.path("assertionHash").asText()));
        assertThat(segmentHashes(manifest)).hasSize(3 * 16);
        assertThat(claims.path("assertionSig").asText()).isEqualTo(Base64.getEncoder().encodeToString(expected.toByteArray()));

        byte[] dataKey = dataKey(dive);
        Path earlier = ZtdfFiles.rewrite(dive, dir.resolve("earlier.ztdf"), tree -> {
            ObjectNode old = JsonTree.object().put("assertionHash", claims.path("assertionHash").asText()).put("assertionSig",
                    tree.path("encryptionInformation").path("integrityInformation").path("rootSignature").path("sig").asText());
            try {
                ((ObjectNode) tree.path("assertions").get(0).path("binding")).put("signature", Jws.signHs256(dataKey, old));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return tree;
        }, UnaryOperator.identity());
        assertThat(decrypt(earlier)).isEqualTo(PLAINTEXT);
    }
}
