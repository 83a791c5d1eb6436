package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest ({@code 0.manifest.json}) of a ZTDF, parsed strictly: versions and algorithms this
 * library supports, every field present and of its type (a defect names the field), the label
 * assertion (at most one) in agreement with the policy's attributes. A file without a label
 * assertion (made by another OpenTDF producer) has the label its policy's DIVE attributes describe,
 * as the KAS decides on. Nothing here needs the data key.
 *
 * @param policy the base64 policy object exactly as stored (what the policy bindings cover)
 * @param keyAccess the key access objects, in order
 * @param segments the payload segments' sizes and hashes
 * @param rootSignature base64 HMAC of the data key over the segment hashes
 * @param assertions every assertion as stored (each one's binding is verified under the data key)
 * @param label the label the label assertion carries, or the policy's when there is none
 * @param labelFromPolicy whether the label was derived from the policy (no label assertion)
 */
record Manifest(String policy, List<KeyAccessObject> keyAccess, List<Segment> segments, String rootSignature,
        List<ObjectNode> assertions, SecurityLabel label, boolean labelFromPolicy) {

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
        List<ObjectNode> assertions = new ArrayList<>();
        ObjectNode found = null;
        JsonNode assertionArray = manifest.has("assertions") ? FIELDS.array(manifest, "assertions", "") : JsonTree.array();
        for (int i = 0; i < assertionArray.size(); i++) {
            ObjectNode assertion = (ObjectNode) FIELDS.element(assertionArray, i, "assertions");
            assertions.add(assertion);
            if (ZtdfWriter.LABEL_ASSERTION_ID.equals(assertion.path("id").asText())) {
                if (found != null) {
                    throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING, "the ZTDF carries two STANAG 4774 label "
                            + "assertions (readers could show one and decide on the other)");
                }
                found = assertion;
            }
        }
        // The KAS decides on the policy's attributes: that label stands when no assertion carries one.
        SecurityLabel fromPolicy = PolicyObject.parse(policy).label();
        if (found == null) {
            return new Manifest(policy, List.copyOf(keyAccess), List.copyOf(segments), rootSignature, List.copyOf(assertions),
                    fromPolicy, true);
        }
        JsonNode statement = FIELDS.object(found, "statement", "assertions[label]");
        String schema = FIELDS.text(statement, "schema", "assertions[label].statement");
        if (!ZtdfWriter.LABEL_SCHEMA.equals(schema)) {
            throw unsupported("label schema " + schema);
        }
        SecurityLabel label;
        try {
            label = SecurityLabel.fromJson(FIELDS.text(statement, "value", "assertions[label].statement"));
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("the security label is not a valid STANAG 4774 label: " + ZtdfException.rootMessage(e));
        }
        // The reader shows the label, the KAS decides on the policy: they must agree, and this is
        // checked before any key is asked for (a changed label never reaches a KAS).
        if (!fromPolicy.equals(label)) {
            throw new ZtdfException(ZtdfException.Reason.LABEL_BINDING,
                    "the security label and the policy's attributes disagree (the label or the policy was changed)");
        }
        return new Manifest(policy, List.copyOf(keyAccess), List.copyOf(segments), rootSignature, List.copyOf(assertions),
                label, false);
    }

    private static ZtdfException malformed(String message) {
        return new ZtdfException(ZtdfException.Reason.MALFORMED_MANIFEST, message);
    }

    private static ZtdfException unsupported(String what) {
        return new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "unsupported " + what);
    }
}
