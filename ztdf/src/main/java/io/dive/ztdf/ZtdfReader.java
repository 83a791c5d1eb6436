package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a ZTDF strictly: the container, the manifest and, once the caller has the data key (from a
 * KAS), the policy binding, the label assertion, the root signature and every segment. Any defect
 * is a {@link ZtdfException} with a specific {@link ZtdfException.Reason}.
 */
public final class ZtdfReader implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_MANIFEST_BYTES = 16L << 20;

    /** A key access object as written in the manifest. */
    public record KeyAccessObject(String type, String url, String protocol, String wrappedKey, String policyBindingAlg,
            String policyBindingHash, String kid, String sid, String ephemeralPublicKey) {
    }

    /** One payload segment's expected sizes and hash. */
    record Segment(byte[] hash, int segmentSize, int encryptedSegmentSize) {
    }

    private final ZipFile zip;
    private final ZipEntry payloadEntry;
    private final ObjectNode manifest;
    private final String policy;
    private final List<KeyAccessObject> keyAccess;
    private final List<Segment> segments;
    private final String rootSignature;
    private final ObjectNode labelAssertion;
    private final SecurityLabel label;

    private ZtdfReader(ZipFile zip, ZipEntry payloadEntry, ObjectNode manifest) throws ZtdfException {
        this.zip = zip;
        this.payloadEntry = payloadEntry;
        this.manifest = manifest;
        String version = manifest.has("schemaVersion") ? text(manifest, "schemaVersion")
                : text(manifest, "tdf_spec_version");
        if (!version.startsWith("4.")) {
            throw unsupported("schema version " + version);
        }
        JsonNode encryption = object(manifest, "encryptionInformation");
        JsonNode method = object(encryption, "method");
        if (!"AES-256-GCM".equals(text(method, "algorithm"))) {
            throw unsupported("payload algorithm " + text(method, "algorithm"));
        }
        this.policy = text(encryption, "policy");
        this.keyAccess = new ArrayList<>();
        for (JsonNode kao : array(encryption, "keyAccess")) {
            JsonNode binding = kao.get("policyBinding");
            String alg = binding != null && binding.isObject() ? text(binding, "alg") : "HS256";
            String hash = binding != null && binding.isObject() ? text(binding, "hash")
                    : binding != null && binding.isTextual() ? binding.textValue() : null; // legacy: bare string
            if (hash == null) {
                throw malformed("keyAccess[].policyBinding is missing");
            }
            keyAccess.add(new KeyAccessObject(text(kao, "type"), text(kao, "url"), kao.path("protocol").asText("kas"),
                    text(kao, "wrappedKey"), alg, hash, kao.path("kid").asText(""), kao.path("sid").asText(""),
                    kao.path("ephemeralPublicKey").isTextual() ? kao.path("ephemeralPublicKey").textValue() : null));
        }
        if (keyAccess.isEmpty()) {
            throw malformed("encryptionInformation.keyAccess is empty");
        }
        JsonNode integrity = object(encryption, "integrityInformation");
        JsonNode root = object(integrity, "rootSignature");
        if (!"HS256".equals(text(root, "alg"))) {
            throw unsupported("root signature algorithm " + text(root, "alg"));
        }
        this.rootSignature = text(root, "sig");
        if (!"GMAC".equals(text(integrity, "segmentHashAlg"))) {
            throw unsupported("segment hash algorithm " + text(integrity, "segmentHashAlg"));
        }
        this.segments = new ArrayList<>();
        for (JsonNode segment : array(integrity, "segments")) {
            int size = integer(segment, "segmentSize");
            int encrypted = integer(segment, "encryptedSegmentSize");
            if (size < 0 || encrypted != size + Crypto.IV_BYTES + Crypto.TAG_BYTES || encrypted > ZtdfWriter.MAX_SEGMENT_SIZE + 28) {
                throw malformed("a segment's sizes are inconsistent");
            }
            segments.add(new Segment(base64(text(segment, "hash"), "segment hash"), size, encrypted));
        }
        if (segments.isEmpty()) {
            throw malformed("integrityInformation.segments is empty");
        }
        ObjectNode found = null;
        for (JsonNode assertion : array(manifest, "assertions")) {
            if (ZtdfWriter.LABEL_ASSERTION_ID.equals(assertion.path("id").asText())) {
                found = (ObjectNode) assertion;
            }
        }
        if (found == null) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the ZTDF carries no STANAG 4774 label assertion");
        }
        this.labelAssertion = found;
        JsonNode statement = object(found, "statement");
        if (!ZtdfWriter.LABEL_SCHEMA.equals(text(statement, "schema"))) {
            throw unsupported("label schema " + text(statement, "schema"));
        }
        try {
            this.label = JSON.readValue(text(statement, "value"), SecurityLabel.class);
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("the security label is not a valid STANAG 4774 label: " + rootMessage(e));
        }
        // The KAS decides on the policy's attributes, the reader shows the label: they must agree, and
        // this is checked before any key is asked for (a changed label never reaches a KAS).
        if (!PolicyObject.parse(policy).label().equals(label)) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING,
                    "the security label and the policy's attributes disagree (the label or the policy was changed)");
        }
    }

    /** Opens and parses a ZTDF file (nothing is decrypted). */
    public static ZtdfReader open(Path file) throws ZtdfException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ZtdfException(ZtdfException.Reason.MALFORMED_CONTAINER, "not a ZTDF (zip) container: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            ZipEntry manifestEntry = zip.getEntry("0.manifest.json");
            ZipEntry payload = zip.getEntry("0.payload");
            if (manifestEntry == null || payload == null) {
                throw new ZtdfException(ZtdfException.Reason.MALFORMED_CONTAINER,
                        "a ZTDF holds 0.manifest.json and 0.payload; this file lacks "
                                + (manifestEntry == null ? "0.manifest.json" : "0.payload"));
            }
            JsonNode manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                byte[] bytes = in.readNBytes((int) MAX_MANIFEST_BYTES + 1);
                if (bytes.length > MAX_MANIFEST_BYTES) {
                    throw malformed("the manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
                }
                manifest = JSON.readTree(bytes);
            } catch (IOException e) {
                throw malformed("the manifest is not JSON: " + rootMessage(e));
            }
            if (manifest == null || !manifest.isObject()) {
                throw malformed("the manifest is not a JSON object");
            }
            return new ZtdfReader(zip, payload, (ObjectNode) manifest);
        } catch (ZtdfException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    public SecurityLabel label() {
        return label;
    }

    /** The base64 policy object exactly as stored (what the policy binding covers). */
    public String policy() {
        return policy;
    }

    public List<KeyAccessObject> keyAccessObjects() {
        return List.copyOf(keyAccess);
    }

    /** The key access objects by split id: each group is alternatives for one share, all groups are needed. */
    public java.util.Map<String, List<KeyAccessObject>> keyAccessBySplit() {
        java.util.Map<String, List<KeyAccessObject>> groups = new java.util.LinkedHashMap<>();
        keyAccess.forEach(kao -> groups.computeIfAbsent(kao.sid(), sid -> new ArrayList<>()).add(kao));
        return groups;
    }

    public int segmentCount() {
        return segments.size();
    }

    public long plaintextSize() {
        return segments.stream().mapToLong(Segment::segmentSize).sum();
    }

    /**
     * Checks, under the data key, every key access object's policy binding, the label assertion and
     * the root signature — everything except the payload bytes.
     */
    public void verify(byte[] dataKey) throws ZtdfException {
        // With a split key each binding is keyed by its share, which only its KAS knows and checks.
        boolean split = KeySplit.isSplit(keyAccess.stream().map(KeyAccessObject::sid).toList());
        for (KeyAccessObject kao : split ? List.<KeyAccessObject>of() : keyAccess) {
            if (!"HS256".equals(kao.policyBindingAlg()) || !PolicyBinding.matches(dataKey, policy, kao.policyBindingHash())) {
                throw new ZtdfException(ZtdfException.Reason.POLICY_BINDING,
                        "the policy binding of the key access object for " + kao.url() + " does not match the policy");
            }
        }
        byte[] hashes = concatenatedHashes();
        byte[] expectedRoot = Crypto.hmacSha256(dataKey, hashes);
        if (!MessageDigest.isEqual(expectedRoot, base64(rootSignature, "root signature"))) {
            throw new ZtdfException(ZtdfException.Reason.ROOT_SIGNATURE, "the root signature over the segment hashes does not verify");
        }
        verifyLabel(dataKey);
    }

    /** The policy object parsed (uuid and the label its attributes describe). */
    public PolicyObject policyObject() throws ZtdfException {
        return PolicyObject.parse(policy);
    }

    private void verifyLabel(byte[] dataKey) throws ZtdfException {
        JsonNode binding = labelAssertion.get("binding");
        if (binding == null || !"jws".equals(binding.path("method").asText())) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the label assertion has no JWS binding");
        }
        String[] parts = binding.path("signature").asText("").split("\\.", -1);
        if (parts.length != 3) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the label binding is not a compact JWS");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                throw new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "label binding algorithm " + header.path("alg").asText());
            }
            byte[] expected = Crypto.hmacSha256(dataKey, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the label binding signature does not verify");
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!MessageDigest.isEqual(ZtdfWriter.assertionHash(labelAssertion).getBytes(StandardCharsets.US_ASCII),
                    claims.path("assertionHash").asText("").getBytes(StandardCharsets.US_ASCII))) {
                throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the security label was changed after it was bound");
            }
            if (!MessageDigest.isEqual(rootSignature.getBytes(StandardCharsets.US_ASCII),
                    claims.path("assertionSig").asText("").getBytes(StandardCharsets.US_ASCII))) {
                throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the security label is bound to another payload");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the label binding is malformed: " + rootMessage(e));
        }
    }

    /**
     * Verifies everything ({@link #verify}) and decrypts the payload to {@code out}, segment by
     * segment; a segment is written only after it verified. Write to a temporary file and move it
     * into place on success, so that a failure part-way leaves nothing behind.
     */
    public void decrypt(byte[] dataKey, OutputStream out, LongConsumer progress) throws ZtdfException {
        verify(dataKey);
        long done = 0;
        try (InputStream payload = zip.getInputStream(payloadEntry)) {
            int index = 0;
            for (Segment segment : segments) {
                byte[] sealed = payload.readNBytes(segment.encryptedSegmentSize());
                if (sealed.length != segment.encryptedSegmentSize()) {
                    throw new ZtdfException(ZtdfException.Reason.SEGMENT_INTEGRITY,
                            "the payload ends inside segment " + index + " (a segment is missing or truncated)");
                }
                if (!MessageDigest.isEqual(Crypto.gmac(sealed, sealed.length), segment.hash())) {
                    throw new ZtdfException(ZtdfException.Reason.SEGMENT_INTEGRITY,
                            "segment " + index + " does not match its hash (changed, dropped or reordered)");
                }
                byte[] plain;
                try {
                    plain = Crypto.decryptSegment(dataKey, sealed, sealed.length);
                } catch (GeneralSecurityException e) {
                    throw new ZtdfException(ZtdfException.Reason.SEGMENT_INTEGRITY, "segment " + index + " does not decrypt");
                }
                out.write(plain);
                done += plain.length;
                progress.accept(done);
                index++;
            }
            if (payload.read() != -1) {
                throw new ZtdfException(ZtdfException.Reason.SEGMENT_INTEGRITY, "the payload holds data beyond its last segment");
            }
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "reading or writing the payload failed: " + e.getMessage(), e);
        }
    }

    private byte[] concatenatedHashes() {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(segments.size() * 16);
        segments.forEach(segment -> all.writeBytes(segment.hash()));
        return all.toByteArray();
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Nothing to lose on a read-only file.
        }
    }

    private static String text(JsonNode node, String field) throws ZtdfException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(field + " is missing or not a string");
        }
        return value.textValue();
    }

    private static int integer(JsonNode node, String field) throws ZtdfException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw malformed(field + " is missing or not an integer");
        }
        return value.intValue();
    }

    private static JsonNode object(JsonNode node, String field) throws ZtdfException {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw malformed(field + " is missing or not an object");
        }
        return value;
    }

    private static JsonNode array(JsonNode node, String field) throws ZtdfException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw malformed(field + " is missing or not an array");
        }
        return value;
    }

    private static byte[] base64(String value, String what) throws ZtdfException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed(what + " is not base64");
        }
    }

    private static ZtdfException malformed(String message) {
        return new ZtdfException(ZtdfException.Reason.MALFORMED_MANIFEST, message);
    }

    private static ZtdfException unsupported(String what) {
        return new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "unsupported " + what);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
