package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest ({@code 0.manifest.json}) of a ZTDF, parsed strictly: versions and algorithms this
 * library supports, every field present and of its type (a defect names the field), the label
 * assertion present and in agreement with the policy's attributes. Nothing here needs the data key.
 *
 * @param policy the base64 policy object exactly as stored (what the policy bindings cover)
 * @param keyAccess the key access objects, in order
 * @param segments the payload segments' sizes and hashes
 * @param rootSignature base64 HMAC of the data key over the segment hashes
 * @param labelAssertion the STANAG 4774 label assertion as stored (its hash is bound)
 * @param label the label it carries
 */
record Manifest(String policy, List<KeyAccessObject> keyAccess, List<Segment> segments, String rootSignature,
        ObjectNode labelAssertion, SecurityLabel label) {

    private static final ObjectMapper JSON = OpenTdfJson.JSON;
    private static final JsonFields FIELDS = JsonFields.MANIFEST;

    /** One payload segment's expected sizes and hash. */
    record Segment(byte[] hash, int segmentSize, int encryptedSegmentSize) {
    }

    static Manifest parse(ObjectNode manifest) throws ZtdfException {
        String version = manifest.has("schemaVersion") ? FIELDS.text(manifest, "schemaVersion", "")
                : FIELDS.text(manifest, "tdf_spec_version", "");
        if (!version.startsWith("4.")) {
            throw unsupported("schema version " + version);
        }
        String at = "encryptionInformation";
        JsonNode encryption = FIELDS.object(manifest, at, "");
        String algorithm = FIELDS.text(FIELDS.object(encryption, "method", at), "algorithm", at + ".method");
        if (!"AES-256-GCM".equals(algorithm)) {
            throw unsupported("payload algorithm " + algorithm);
        }
        String policy = FIELDS.text(encryption, "policy", at);
        List<KeyAccessObject> keyAccess = new ArrayList<>();
        JsonNode kaos = FIELDS.array(encryption, "keyAccess", at);
        for (int i = 0; i < kaos.size(); i++) {
            keyAccess.add(OpenTdfJson.keyAccessObject(FIELDS.element(kaos, i, at + ".keyAccess"),
                    JsonFields.at(at + ".keyAccess", i), FIELDS));
        }
        if (keyAccess.isEmpty()) {
            throw malformed("encryptionInformation.keyAccess is empty");
        }
        String integrityAt = at + ".integrityInformation";
        JsonNode integrity = FIELDS.object(encryption, "integrityInformation", at);
        JsonNode root = FIELDS.object(integrity, "rootSignature", integrityAt);
        String rootAlg = FIELDS.text(root, "alg", integrityAt + ".rootSignature");
        if (!"HS256".equals(rootAlg)) {
            throw unsupported("root signature algorithm " + rootAlg);
        }
        String rootSignature = FIELDS.text(root, "sig", integrityAt + ".rootSignature");
        String hashAlg = FIELDS.text(integrity, "segmentHashAlg", integrityAt);
        if (!"GMAC".equals(hashAlg)) {
            throw unsupported("segment hash algorithm " + hashAlg);
        }
        List<Segment> segments = new ArrayList<>();
        JsonNode all = FIELDS.array(integrity, "segments", integrityAt);
        for (int i = 0; i < all.size(); i++) {
            String segmentAt = JsonFields.at(integrityAt + ".segments", i);
            JsonNode segment = FIELDS.element(all, i, integrityAt + ".segments");
            int size = FIELDS.integer(segment, "segmentSize", segmentAt);
            int encrypted = FIELDS.integer(segment, "encryptedSegmentSize", segmentAt);
            // Sizes are compared as longs: an int sum near Integer.MAX_VALUE would wrap and pass.
            if (size < 0 || size > ZtdfWriter.MAX_SEGMENT_SIZE
                    || (long) encrypted != (long) size + Crypto.IV_BYTES + Crypto.TAG_BYTES) {
                throw malformed(segmentAt + ": the segment's sizes are inconsistent or over "
                        + ZtdfWriter.MAX_SEGMENT_SIZE + " bytes");
            }
            segments.add(new Segment(FIELDS.base64(FIELDS.text(segment, "hash", segmentAt), segmentAt + ".hash"), size, encrypted));
        }
        if (segments.isEmpty()) {
            throw malformed("integrityInformation.segments is empty");
        }
        ObjectNode found = null;
        for (JsonNode assertion : FIELDS.array(manifest, "assertions", "")) {
            if (ZtdfWriter.LABEL_ASSERTION_ID.equals(assertion.path("id").asText())) {
                found = (ObjectNode) assertion;
            }
        }
        if (found == null) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the ZTDF carries no STANAG 4774 label assertion");
        }
        JsonNode statement = FIELDS.object(found, "statement", "assertions[label]");
        String schema = FIELDS.text(statement, "schema", "assertions[label].statement");
        if (!ZtdfWriter.LABEL_SCHEMA.equals(schema)) {
            throw unsupported("label schema " + schema);
        }
        SecurityLabel label;
        try {
            label = JSON.readValue(FIELDS.text(statement, "value", "assertions[label].statement"), SecurityLabel.class);
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("the security label is not a valid STANAG 4774 label: " + ZtdfException.rootMessage(e));
        }
        // The KAS decides on the policy's attributes, the reader shows the label: they must agree, and
        // this is checked before any key is asked for (a changed label never reaches a KAS).
        if (!PolicyObject.parse(policy).label().equals(label)) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING,
                    "the security label and the policy's attributes disagree (the label or the policy was changed)");
        }
        return new Manifest(policy, List.copyOf(keyAccess), List.copyOf(segments), rootSignature, found, label);
    }

    private static ZtdfException malformed(String message) {
        return new ZtdfException(ZtdfException.Reason.MALFORMED_MANIFEST, message);
    }

    private static ZtdfException unsupported(String what) {
        return new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "unsupported " + what);
    }
}
