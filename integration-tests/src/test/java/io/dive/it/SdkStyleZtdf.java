package io.dive.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes a ZTDF as the OpenTDF Go SDK (TDF spec 4.3.0) does, with the JDK and Jackson only (no DIVE
 * code): the KAS's RSA key fetched from its public-key endpoint, the data key wrapped RSA-OAEP SHA-1,
 * AES-256-GCM segments with GMAC hashes, the policy as the SDK writes it (attribute objects with its
 * extra members, a null dissem, no creation time), no STANAG 4774 label assertion, and optionally the
 * SDK's {@code system-metadata} assertion bound in the 4.3.0 form.
 */
final class SdkStyleZtdf {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SEGMENT = 100_000;

    private SdkStyleZtdf() {
    }

    /** Encrypts {@code plaintext} to {@code target} for the KAS at {@code kasUrl} under a policy of {@code attributeFqns}. */
    static Path write(String kasUrl, byte[] plaintext, List<String> attributeFqns, boolean systemMetadata, Path target)
            throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(kasUrl + "/v2/kas_public_key?algorithm=rsa:2048")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode key = JSON.readTree(answer.body());
        String pem = key.path("publicKey").asText().replaceAll("-----[A-Z ]+-----|\\s", "");
        PublicKey kasKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));

        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        ArrayNode segments = JSON.createArrayNode();
        for (int offset = 0; offset == 0 || offset < plaintext.length; offset += SEGMENT) {
            int length = Math.min(SEGMENT, plaintext.length - offset);
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = gcm.doFinal(plaintext, offset, length);
            payload.writeBytes(iv);
            payload.writeBytes(sealed);
            byte[] tag = java.util.Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length); // the GMAC segment hash
            hashes.writeBytes(tag);
            segments.addObject().put("hash", b64(tag)).put("segmentSize", length).put("encryptedSegmentSize", length + 28);
        }

        ObjectNode policyTree = JSON.createObjectNode().put("uuid", UUID.randomUUID().toString());
        ObjectNode body = policyTree.putObject("body");
        ArrayNode attributes = body.putArray("dataAttributes");
        attributeFqns.forEach(fqn -> attributes.addObject().put("attribute", fqn).put("displayName", "")
                .put("isDefault", false).put("pubKey", "").put("kasURL", ""));
        body.putNull("dissem"); // Go marshals the SDK's unset dissem slice as null
        String policy = b64(JSON.writeValueAsBytes(policyTree));

        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, kasKey, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        ObjectNode manifest = JSON.createObjectNode();
        ObjectNode encryption = manifest.putObject("encryptionInformation").put("type", "split").put("policy", policy);
        ObjectNode kao = encryption.putArray("keyAccess").addObject().put("type", "wrapped").put("url", kasUrl)
                .put("protocol", "kas").put("wrappedKey", b64(oaep.doFinal(dataKey))).put("kid", key.path("kid").asText())
                .put("schemaVersion", "1.0"); // no sid: the SDK omits an empty one
        kao.putObject("policyBinding").put("alg", "HS256")
                .put("hash", b64(HexFormat.of().formatHex(hmac(dataKey, policy.getBytes(StandardCharsets.US_ASCII)))
                        .getBytes(StandardCharsets.US_ASCII)));
        encryption.putObject("method").put("algorithm", "AES-256-GCM").put("isStreamable", true).put("iv", "");
        ObjectNode integrity = encryption.putObject("integrityInformation");
        integrity.putObject("rootSignature").put("alg", "HS256").put("sig", b64(hmac(dataKey, hashes.toByteArray())));
        integrity.put("segmentHashAlg", "GMAC").put("segmentSizeDefault", SEGMENT).put("encryptedSegmentSizeDefault", SEGMENT + 28);
        integrity.set("segments", segments);
        manifest.putObject("payload").put("type", "reference").put("url", "0.payload").put("protocol", "zip")
                .put("mimeType", "application/octet-stream").put("isEncrypted", true);
        manifest.put("schemaVersion", "4.3.0");
        if (systemMetadata) {
            manifest.putArray("assertions").add(systemMetadata(dataKey, hashes.toByteArray()));
        }

        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("0.payload"));
            zip.write(payload.toByteArray());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("0.manifest.json"));
            zip.write(JSON.writeValueAsBytes(manifest));
            zip.closeEntry();
        }
        return target;
    }

    /**
     * The SDK's system-metadata assertion: its hash over the RFC 8785 form (written out here, members
     * in order), its {@code assertionSig} base64(segment hashes ‖ raw hash), an HS256 JWS under the data key.
     */
    private static ObjectNode systemMetadata(byte[] dataKey, byte[] segmentHashes) throws Exception {
        String value = "{\"tdf_spec_version\":\"4.3.0\",\"sdk_version\":\"Go-0.36.0\"}";
        String canonical = "{\"appliesToState\":\"unencrypted\",\"id\":\"system-metadata\",\"scope\":\"payload\","
                + "\"statement\":{\"format\":\"json\",\"schema\":\"system-metadata-v1\",\"value\":" + JSON.writeValueAsString(value)
                + "},\"type\":\"other\"}";
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        sig.writeBytes(segmentHashes);
        sig.writeBytes(hash);
        ObjectNode claims = JSON.createObjectNode().put("assertionHash", HexFormat.of().formatHex(hash))
                .put("assertionSig", b64(sig.toByteArray()));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        String jws = input + "." + url.encodeToString(hmac(dataKey, input.getBytes(StandardCharsets.US_ASCII)));
        ObjectNode assertion = JSON.createObjectNode().put("id", "system-metadata").put("type", "other").put("scope", "payload")
                .put("appliesToState", "unencrypted");
        assertion.putObject("statement").put("format", "json").put("schema", "system-metadata-v1").put("value", value);
        assertion.putObject("binding").put("method", "jws").put("signature", jws);
        return assertion;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
