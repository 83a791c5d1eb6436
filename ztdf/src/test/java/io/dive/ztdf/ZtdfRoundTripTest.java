package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZtdfRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeyPair kas;

    @TempDir
    Path dir;

    @BeforeAll
    static void kasKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        kas = generator.generateKeyPair();
    }

    static SecurityLabel label() {
        return new SecurityLabel("SECRET", List.of("USA", "GBR"), List.of("FVEY"), List.of(), "USA", "2026-11-22T10:00:00Z");
    }

    private Path encrypt(byte[] plaintext, int segmentSize) throws Exception {
        Path file = dir.resolve("file-" + plaintext.length + "-" + segmentSize + ".ztdf");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ZtdfWriter().write(new java.io.ByteArrayInputStream(plaintext), out, new ZtdfWriter.Request(label(),
                    List.of(new KasRecipient("http://127.0.0.1:18080/realms/dive-broker/kas", "r1", "",
                            KeyWrapper.rsaOaep(kas.getPublic(), KeyWrapping.OaepHash.SHA1))),
                    "text/plain", segmentSize));
        }
        return file;
    }

    /** What a KAS does with its private key: unwrap (RSA-OAEP SHA-1, the OpenTDF "wrapped" type). */
    static byte[] unwrap(ZtdfReader reader, PrivateKey key) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        return cipher.doFinal(Base64.getDecoder().decode(reader.keyAccessObjects().get(0).wrappedKey()));
    }

    private static byte[] decrypt(Path file) throws Exception {
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.decrypt(unwrap(reader, kas.getPrivate()), out, done -> { });
            return out.toByteArray();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 4096, 4097, 100_000})
    void roundTripsByteIdenticalAcrossSegmentBoundaries(int size) throws Exception {
        byte[] plaintext = new byte[size];
        new Random(size).nextBytes(plaintext);
        Path file = encrypt(plaintext, 4096);
        assertThat(decrypt(file)).isEqualTo(plaintext);
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            assertThat(reader.plaintextSize()).isEqualTo(size);
            assertThat(reader.segmentCount()).isEqualTo(Math.max(1, (size + 4095) / 4096));
        }
    }

    @Test
    void aPendingRequestIsAwaitedOnceThePayloadIsSealedAndWhatItThrowsEndsTheWrite() throws Exception {
        byte[] plaintext = new byte[10_000];
        new Random(7).nextBytes(plaintext);
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(plaintext);
        ZtdfWriter.Request request = new ZtdfWriter.Request(label(), List.of(new KasRecipient(
                "http://127.0.0.1:18080/realms/dive-broker/kas", "r1", "", KeyWrapper.rsaOaep(kas.getPublic(),
                KeyWrapping.OaepHash.SHA1))), "text/plain", 4096);
        Path file = dir.resolve("pending.ztdf");
        int[] unreadWhenAwaited = {-1};
        try (OutputStream out = Files.newOutputStream(file)) {
            new ZtdfWriter().write(in, out, 4096, () -> {
                unreadWhenAwaited[0] = in.available();
                return request;
            }, done -> { });
        }
        assertThat(unreadWhenAwaited[0]).as("the whole plaintext was read before the request was needed").isZero();
        assertThat(decrypt(file)).isEqualTo(plaintext);

        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new ZtdfWriter().<java.util.concurrent.TimeoutException>write(new java.io.ByteArrayInputStream(plaintext), ignored, 4096,
                () -> {
                    throw new java.util.concurrent.TimeoutException("no KAS key");
                }, done -> { })).isInstanceOf(java.util.concurrent.TimeoutException.class).hasMessage("no KAS key");
        assertThatThrownBy(() -> new ZtdfWriter().write(new java.io.ByteArrayInputStream(plaintext), ignored, 1024,
                () -> request, done -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment size 4096 is not the payload's 1024");
    }

    @Test
    void exposesTheLabelPolicyAndKeyAccessWithoutTheKey() throws Exception {
        Path file = encrypt("hello".getBytes(StandardCharsets.UTF_8), 1024);
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            assertThat(reader.label()).isEqualTo(label());
            assertThat(reader.label().displayMarking()).isEqualTo("SECRET//FVEY//REL USA, GBR");
            var policy = JSON.readTree(Base64.getDecoder().decode(reader.policy()));
            assertThat(policy.path("uuid").asText()).isNotBlank();
            assertThat(policy.path("body").path("dissem").toString()).isEqualTo("[\"USA\",\"GBR\"]");
            assertThat(reader.keyAccessObjects()).singleElement().satisfies(kao -> {
                assertThat(kao.type()).isEqualTo(KeyAccessType.WRAPPED);
                assertThat(kao.kid()).isEqualTo("r1");
                assertThat(kao.policyBinding().alg()).isEqualTo("HS256");
            });
        }
    }

    @Test
    void theManifestFollowsTheTdf3Layout() throws Exception {
        Path file = encrypt("x".repeat(5000).getBytes(StandardCharsets.UTF_8), 2048);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            var manifest = JSON.readTree(zip.getInputStream(zip.getEntry("0.manifest.json")));
            assertThat(manifest.path("schemaVersion").asText()).isEqualTo("4.3.0");
            assertThat(manifest.path("payload").path("url").asText()).isEqualTo("0.payload");
            var integrity = manifest.path("encryptionInformation").path("integrityInformation");
            assertThat(integrity.path("segments")).hasSize(3);
            assertThat(integrity.path("segmentHashAlg").asText()).isEqualTo("GMAC");
            assertThat(manifest.path("assertions").get(0).path("binding").path("method").asText()).isEqualTo("jws");
            // Decoded policy binding is the hex HMAC (OpenTDF form).
            String binding = manifest.path("encryptionInformation").path("keyAccess").get(0).path("policyBinding")
                    .path("hash").asText();
            assertThat(new String(Base64.getDecoder().decode(binding), StandardCharsets.US_ASCII)).matches("[0-9a-f]{64}");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tamper matrix: each change is rejected with its own reason, and no plaintext is produced.
    // ------------------------------------------------------------------------------------------

    private Path tampered(Path original, UnaryOperator<ObjectNode> manifest, UnaryOperator<byte[]> payload)
            throws IOException {
        return ZtdfFiles.rewrite(original, dir.resolve("tampered-" + System.nanoTime() + ".ztdf"), manifest, payload);
    }

    private Path sample() throws Exception {
        byte[] plaintext = new byte[10_000];
        new Random(7).nextBytes(plaintext);
        return encrypt(plaintext, 4096); // three segments: 4096, 4096, 1808
    }

    private static void assertRejected(Path file, ZtdfException.Reason reason) {
        assertThatThrownBy(() -> decrypt(file)).isInstanceOf(ZtdfException.class)
                .satisfies(e -> assertThat(((ZtdfException) e).reason()).isEqualTo(reason));
    }

    private static ObjectNode label(ObjectNode manifest) {
        return (ObjectNode) manifest.path("assertions").get(0).path("statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {"classification", "releasableTo", "coi", "caveats", "originator", "creationTime",
        "releasableToIndustry", "embargoUntil"})
    void changingAnyLabelFieldIsDetected(String field) throws Exception {
        Path file = tampered(sample(), manifest -> {
            ObjectNode statement = label(manifest);
            try {
                ObjectNode value = (ObjectNode) JSON.readTree(statement.path("value").asText());
                switch (field) {
                    case "classification" -> value.put(field, "UNCLASSIFIED");
                    case "originator" -> value.put(field, "FRA");
                    case "creationTime" -> value.put(field, "2020-01-01T00:00:00Z");
                    case "releasableToIndustry" -> value.put(field, true);
                    case "embargoUntil" -> value.put(field, "2030-01-01T00:00:00Z");
                    case "coi" -> ((ArrayNode) value.withArray(field)).add("NATO");
                    case "caveats" -> ((ArrayNode) value.withArray(field)).add("GOVONLY");
                    default -> ((ArrayNode) value.withArray(field)).add("FRA");
                }
                statement.put("value", JSON.writeValueAsString(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return manifest;
        }, UnaryOperator.identity());
        assertRejected(file, ZtdfException.Reason.LABEL_BINDING);
    }

    @Test
    void changingThePolicyIsDetected() throws Exception {
        Path file = tampered(sample(), manifest -> {
            ObjectNode encryption = (ObjectNode) manifest.path("encryptionInformation");
            String policy = new String(Base64.getDecoder().decode(encryption.path("policy").asText()), StandardCharsets.UTF_8);
            encryption.put("policy", Base64.getEncoder().encodeToString(
                    policy.replace("\"GBR\"", "\"FRA\"").getBytes(StandardCharsets.UTF_8)));
            return manifest;
        }, UnaryOperator.identity());
        assertRejected(file, ZtdfException.Reason.POLICY_BINDING);
    }

    @Test
    void changingThePolicyBindingIsDetected() throws Exception {
        Path file = tampered(sample(), manifest -> {
            ((ObjectNode) manifest.path("encryptionInformation").path("keyAccess").get(0).path("policyBinding"))
                    .put("hash", Base64.getEncoder().encodeToString("0".repeat(64).getBytes(StandardCharsets.US_ASCII)));
            return manifest;
        }, UnaryOperator.identity());
        assertRejected(file, ZtdfException.Reason.POLICY_BINDING);
    }

    @Test
    void flippingOnePayloadByteIsDetected() throws Exception {
        Path file = tampered(sample(), UnaryOperator.identity(), payload -> {
            byte[] copy = payload.clone();
            copy[5000] ^= 1;
            return copy;
        });
        assertRejected(file, ZtdfException.Reason.SEGMENT_INTEGRITY);
    }

    @Test
    void droppingASegmentIsDetected() throws Exception {
        Path file = tampered(sample(), UnaryOperator.identity(), payload -> Arrays.copyOfRange(payload, 4124, payload.length));
        assertRejected(file, ZtdfException.Reason.SEGMENT_INTEGRITY);
    }

    @Test
    void reorderingSegmentsIsDetected() throws Exception {
        Path file = tampered(sample(), UnaryOperator.identity(), payload -> {
            byte[] swapped = payload.clone();
            System.arraycopy(payload, 4124, swapped, 0, 4124);
            System.arraycopy(payload, 0, swapped, 4124, 4124);
            return swapped;
        });
        assertRejected(file, ZtdfException.Reason.SEGMENT_INTEGRITY);
    }

    @Test
    void droppingASegmentFromTheManifestBreaksTheRootSignature() throws Exception {
        Path file = tampered(sample(), manifest -> {
            ((ArrayNode) manifest.path("encryptionInformation").path("integrityInformation").path("segments")).remove(2);
            return manifest;
        }, UnaryOperator.identity());
        assertRejected(file, ZtdfException.Reason.ROOT_SIGNATURE);
    }

    @Test
    void changingTheRootSignatureIsDetected() throws Exception {
        Path file = tampered(sample(), manifest -> {
            ((ObjectNode) manifest.path("encryptionInformation").path("integrityInformation").path("rootSignature"))
                    .put("sig", Base64.getEncoder().encodeToString(new byte[32]));
            return manifest;
        }, UnaryOperator.identity());
        assertRejected(file, ZtdfException.Reason.ROOT_SIGNATURE);
    }

    @Test
    void aLabelCopiedFromAnotherFileIsBoundToAnotherPayload() throws Exception {
        Path donor = sample();
        ObjectNode donorManifest;
        try (ZipFile zip = new ZipFile(donor.toFile())) {
            donorManifest = (ObjectNode) JSON.readTree(zip.getInputStream(zip.getEntry("0.manifest.json")));
        }
        Path file = tampered(sample(), manifest -> {
            manifest.set("assertions", donorManifest.get("assertions"));
            return manifest;
        }, UnaryOperator.identity());
        // Under this file's key the donor's JWS does not verify.
        assertRejected(file, ZtdfException.Reason.LABEL_BINDING);
    }

    @Test
    void trailingPayloadBytesAreRejected() throws Exception {
        Path file = tampered(sample(), UnaryOperator.identity(), payload -> Arrays.copyOf(payload, payload.length + 3));
        assertRejected(file, ZtdfException.Reason.SEGMENT_INTEGRITY);
    }

    @Test
    void aWrongKeyNeverDecrypts() throws Exception {
        Path file = sample();
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            assertThatThrownBy(() -> reader.decrypt(new byte[32], new ByteArrayOutputStream(), done -> { }))
                    .isInstanceOf(ZtdfException.class)
                    .satisfies(e -> assertThat(((ZtdfException) e).reason()).isEqualTo(ZtdfException.Reason.POLICY_BINDING));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Malformed input: specific reasons, never a runtime exception.
    // ------------------------------------------------------------------------------------------

    @Test
    void notAZipIsAMalformedContainer() throws Exception {
        Path file = dir.resolve("not.ztdf");
        Files.writeString(file, "hello");
        assertThatThrownBy(() -> ZtdfReader.open(file)).isInstanceOf(ZtdfException.class)
                .satisfies(e -> assertThat(((ZtdfException) e).reason()).isEqualTo(ZtdfException.Reason.MALFORMED_CONTAINER));
    }

    @Test
    void aZipWithoutTheManifestIsAMalformedContainer() throws Exception {
        Path file = dir.resolve("empty.ztdf");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("0.payload"));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> ZtdfReader.open(file)).hasMessageContaining("0.manifest.json");
    }

    @Test
    void manifestDefectsNameTheField() throws Exception {
        Path noPolicy = tampered(sample(), manifest -> {
            ((ObjectNode) manifest.path("encryptionInformation")).remove("policy");
            return manifest;
        }, UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(noPolicy)).isInstanceOf(ZtdfException.class).hasMessageContaining("policy");
        Path badAlgorithm = tampered(sample(), manifest -> {
            ((ObjectNode) manifest.path("encryptionInformation").path("method")).put("algorithm", "AES-128-CBC");
            return manifest;
        }, UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(badAlgorithm)).isInstanceOf(ZtdfException.class)
                .satisfies(e -> assertThat(((ZtdfException) e).reason()).isEqualTo(ZtdfException.Reason.UNSUPPORTED));
        Path badLabel = tampered(sample(), manifest -> {
            label(manifest).put("value", "{\"classification\":\"COSMIC\"}");
            return manifest;
        }, UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(badLabel)).isInstanceOf(ZtdfException.class)
                .hasMessageContaining("security label");
    }

    @Test
    void aSegmentSizeThatWouldOverflowAnIntIsAMalformedManifest() throws Exception {
        // 2^31 - 1 plus the 28 bytes of IV and tag wraps to the negative number written here.
        Path file = tampered(sample(), manifest -> {
            ObjectNode segment = (ObjectNode) manifest.path("encryptionInformation").path("integrityInformation")
                    .path("segments").get(0);
            segment.put("segmentSize", Integer.MAX_VALUE).put("encryptedSegmentSize", Integer.MAX_VALUE + 28);
            return manifest;
        }, UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(file)).isInstanceOfSatisfying(ZtdfException.class, e -> {
            assertThat(e.reason()).isEqualTo(ZtdfException.Reason.MALFORMED_MANIFEST);
            assertThat(e.getMessage()).contains("segments[0]").contains("inconsistent or over");
        });
    }

    @Test
    void aContainerWithTwoEntriesOfOneNameIsRefused() throws Exception {
        Path original = sample();
        Path file = dir.resolve("duplicate.ztdf");
        byte[] manifest;
        byte[] payload;
        try (ZipFile zip = new ZipFile(original.toFile())) {
            manifest = zip.getInputStream(zip.getEntry("0.manifest.json")).readAllBytes();
            payload = zip.getInputStream(zip.getEntry("0.payload")).readAllBytes();
        }
        // ZipOutputStream refuses duplicates, so the second entry is written under a name of the
        // same length and renamed in the bytes (local header and central directory alike).
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String name : List.of("0.payload", "0.manifest.json", "0.manifest.jsoX")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(name.equals("0.payload") ? payload : manifest);
                zip.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace("0.manifest.jsoX", "0.manifest.json");
        Files.write(file, latin.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ZtdfReader.open(file)).isInstanceOfSatisfying(ZtdfException.class, e -> {
            assertThat(e.reason()).isEqualTo(ZtdfException.Reason.MALFORMED_CONTAINER);
            assertThat(e.getMessage()).contains("two entries named '0.manifest.json'");
        });
    }

    @Test
    void aLabelCarryingTerminalEscapesIsRefusedOnReadWithTheValueEscaped() throws Exception {
        Path file = tampered(sample(), manifest -> {
            ObjectNode statement = label(manifest);
            statement.put("value", statement.path("value").asText().replace("\"GBR\"", "\"GBR\\u001b[2K\\rUNCLASSIFIED\""));
            return manifest;
        }, UnaryOperator.identity());
        assertThatThrownBy(() -> ZtdfReader.open(file)).isInstanceOfSatisfying(ZtdfException.class, e -> {
            assertThat(e.reason()).isEqualTo(ZtdfException.Reason.MALFORMED_MANIFEST);
            assertThat(e.getMessage()).contains("releasableTo 'GBR\\u001b[2K\\u000dUNCLASSIFIED' is not")
                    .doesNotContain("\u001b", "\r");
        });
    }

    @Test
    void labelsNamingUnknownCountriesCoisOrCaveatsAreRefusedOnWrite() {
        String time = "2026-11-22T10:00:00Z";
        assertThatThrownBy(() -> new SecurityLabel("SECRET", List.of("MARS"), List.of(), List.of(), "USA", time))
                .hasMessage("releasableTo 'MARS' is not an ISO 3166-1 alpha-3 country or a group");
        assertThatThrownBy(() -> new SecurityLabel("SECRET", List.of("NATO"), List.of("FVEY\u001b[0m"), List.of(), "USA", time))
                .hasMessage("coi 'FVEY\\u001b[0m' is not a registered COI");
        assertThatThrownBy(() -> new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of("EYES-ONLY"), "USA", time))
                .hasMessageStartingWith("caveats 'EYES-ONLY' is not a known caveat");
        assertThatThrownBy(() -> new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "NATO", time))
                .hasMessageContaining("originator 'NATO'");
        assertThatThrownBy(() -> new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA", "yesterday"))
                .hasMessageContaining("creationTime 'yesterday'");
        // Groups are releasability targets; COIs and caveats from the registries are accepted.
        assertThat(new SecurityLabel("SECRET", List.of("NATO", "AUS"), List.of("FVEY"), List.of("NOFORN"), "USA", time)
                .displayMarking()).isEqualTo("SECRET//FVEY//NOFORN//REL NATO, AUS");
    }
}
