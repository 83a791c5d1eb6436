package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import io.dive.model.SafeText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The binding of an assertion (for the security label: STANAG 4778), in the OpenTDF 4.3.0 form: an
 * HS256 JWS under the data key with the claims {@code assertionHash} = hex(SHA-256(RFC 8785 JSON of
 * the assertion without its binding)) and {@code assertionSig} = base64(the raw segment hashes
 * concatenated ‖ the raw 32-byte assertion hash), which ties the assertion to this payload. DIVE
 * files written before this form carry the root signature as the label's {@code assertionSig}; it
 * binds the label to the same segment hashes under the same key, so it is still read.
 */
final class AssertionBinding {

    private AssertionBinding() {
    }

    /** Sets the binding of {@code assertion} (its other members final) for a payload with these segment hashes. */
    static void bind(ObjectNode assertion, byte[] dataKey, byte[] segmentHashes)
            throws GeneralSecurityException, ZtdfException {
        String hash = assertionHash(assertion);
        ObjectNode claims = JsonTree.object().put("assertionHash", hash).put("assertionSig", assertionSig(segmentHashes, hash));
        assertion.putObject("binding").put("method", "jws").put("signature", Jws.signHs256(dataKey, claims));
    }

    /**
     * Verifies the binding of {@code assertion} under the data key against the payload's segment
     * hashes; the DIVE label assertion may carry the earlier form (the root signature).
     *
     * @throws ZtdfException {@code LABEL_BINDING} when it does not verify, {@code UNSUPPORTED} for a
     *     binding other than an HS256 JWS (a label-authority key this reader does not hold)
     */
    static void verify(ObjectNode assertion, byte[] dataKey, byte[] segmentHashes, String rootSignature) throws ZtdfException {
        boolean label = ZtdfWriter.LABEL_ASSERTION_ID.equals(assertion.path("id").asText());
        String name = label ? "the security label" : "assertion '" + SafeText.of(assertion.path("id").asText(), 80) + "'";
        JsonNode binding = assertion.path("binding");
        if (!"jws".equals(binding.path("method").asText())) {
            throw failed(name + " has no JWS binding");
        }
        String signature = binding.path("signature").asText("");
        JsonNode claims;
        try {
            String alg = Jws.unverifiedHeader(signature).path("alg").asText();
            if (!"HS256".equals(alg)) {
                throw new ZtdfException(ZtdfException.Reason.UNSUPPORTED, name + " is bound with '" + SafeText.of(alg, 20)
                        + "'; DIVE verifies assertions bound under the data key (HS256) only");
            }
            claims = Jws.verifyHs256(signature, dataKey).payload();
        } catch (GeneralSecurityException e) {
            throw failed("the binding of " + name + " does not verify: " + e.getMessage());
        }
        String claimed = claims.path("assertionHash").asText("");
        String hash = null;
        for (String candidate : assertionHashes(assertion)) {
            hash = equal(candidate, claimed) ? candidate : hash;
        }
        if (hash == null) {
            throw failed(name + " was changed after it was bound");
        }
        String sig = claims.path("assertionSig").asText("");
        if (!equal(assertionSig(segmentHashes, hash), sig) && !(label && equal(rootSignature, sig))) {
            throw failed(name + " is bound to another payload");
        }
    }

    /**
     * hex(SHA-256(RFC 8785 JSON of the assertion without its binding)) over the members OpenTDF
     * defines — {@code id}, {@code type}, {@code scope}, {@code appliesToState},
     * {@code statement {format, schema, value}} — as the Go SDK hashes it (it reads an assertion into
     * those members, leaving out an empty {@code appliesToState}, {@code format}, {@code schema} or
     * {@code value}). What DIVE binds with; for DIVE's assertions, which have no other members, it is
     * the hash of the whole assertion too.
     *
     * @throws ZtdfException {@code UNSUPPORTED} when one of those members is not a string
     */
    static String assertionHash(ObjectNode assertion) throws ZtdfException {
        ObjectNode members = openTdfMembers(assertion);
        if (members == null) {
            throw new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "an assertion member OpenTDF defines is not a string");
        }
        return hash(members);
    }

    /**
     * The hashes a producer may have bound {@code assertion} with: {@link #assertionHash} (the Go
     * SDK's), and that of the whole assertion without its binding (BaseTDF-ASN §6, DIVE's earlier
     * reader). They differ only for an assertion with members beside OpenTDF's or empty ones: such
     * members may then be unbound, and DIVE reads none of them.
     *
     * @throws ZtdfException {@code UNSUPPORTED} when neither can be computed
     */
    static List<String> assertionHashes(ObjectNode assertion) throws ZtdfException {
        ObjectNode whole = assertion.deepCopy();
        whole.remove("binding");
        List<String> hashes = new ArrayList<>();
        ZtdfException unsupported = null;
        for (ObjectNode form : Arrays.asList(openTdfMembers(assertion), whole)) {
            try {
                if (form != null) {
                    hashes.add(hash(form));
                }
            } catch (ZtdfException e) {
                unsupported = e;
            }
        }
        if (hashes.isEmpty()) {
            throw unsupported;
        }
        return hashes;
    }

    /** The members the Go SDK reads and hashes; null when one of them is not a string (JSON null counts as absent). */
    private static ObjectNode openTdfMembers(ObjectNode assertion) {
        ObjectNode members = assertion.objectNode();
        JsonNode statement = assertion.path("statement");
        ObjectNode statementMembers = assertion.objectNode();
        for (String member : List.of("id", "type", "scope", "appliesToState")) {
            JsonNode value = assertion.path(member);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                return null;
            }
            if (value.isTextual() && !value.textValue().isEmpty() || List.of("id", "type", "scope").contains(member)) {
                members.put(member, value.asText(""));
            }
        }
        for (String member : List.of("format", "schema", "value")) {
            JsonNode value = statement.path(member);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                return null;
            }
            if (value.isTextual() && !value.textValue().isEmpty()) {
                statementMembers.put(member, value.textValue());
            }
        }
        members.set("statement", statementMembers);
        return members;
    }

    private static String hash(ObjectNode json) throws ZtdfException {
        try {
            return HexFormat.of().formatHex(Crypto.sha256(CanonicalJson.of(json).getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "an assertion holds a value DIVE cannot canonicalize: "
                    + e.getMessage());
        }
    }

    /** base64(segment hashes ‖ the raw assertion hash): the 4.3.0 {@code assertionSig}. */
    static String assertionSig(byte[] segmentHashes, String assertionHashHex) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(segmentHashes.length + 32);
        all.writeBytes(segmentHashes);
        all.writeBytes(HexFormat.of().parseHex(assertionHashHex));
        return Base64.getEncoder().encodeToString(all.toByteArray());
    }

    private static boolean equal(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }

    private static ZtdfException failed(String message) {
        return new ZtdfException(ZtdfException.Reason.LABEL_BINDING, message);
    }
}
