package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.SafeText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("assertionHash", hash);
        claims.put("assertionSig", assertionSig(segmentHashes, hash));
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
        String hash = assertionHash(assertion);
        if (!equal(hash, claims.path("assertionHash").asText(""))) {
            throw failed(name + " was changed after it was bound");
        }
        String sig = claims.path("assertionSig").asText("");
        if (!equal(assertionSig(segmentHashes, hash), sig) && !(label && equal(rootSignature, sig))) {
            throw failed(name + " is bound to another payload");
        }
    }

    /**
     * hex(SHA-256(RFC 8785 JSON of the assertion without its binding)), of the members OpenTDF
     * defines, as the SDKs hash it: they read an assertion into {@code id}, {@code type},
     * {@code scope}, {@code appliesToState} and {@code statement {format, schema, value}} and hash
     * that, so another producer's extra members are not bound — and DIVE reads none of them. Like
     * the SDKs it leaves out an empty {@code appliesToState}, {@code format}, {@code schema} or
     * {@code value}, and takes an absent {@code id}, {@code type} or {@code scope} as empty.
     */
    static String assertionHash(ObjectNode assertion) throws ZtdfException {
        ObjectNode bound = assertion.objectNode();
        for (String member : List.of("id", "type", "scope")) {
            bound.put(member, text(assertion, member, "assertion"));
        }
        optional(bound, "appliesToState", text(assertion, "appliesToState", "assertion"));
        JsonNode statement = assertion.path("statement");
        ObjectNode boundStatement = bound.putObject("statement");
        for (String member : List.of("format", "schema", "value")) {
            optional(boundStatement, member, text(statement, member, "assertion statement"));
        }
        try {
            return HexFormat.of().formatHex(Crypto.sha256(CanonicalJson.of(bound).getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "an assertion holds a value DIVE cannot canonicalize: "
                    + e.getMessage());
        }
    }

    /** A member the hash covers: a string, or absent ({@code null} as absent); anything else is not an OpenTDF assertion. */
    private static String text(JsonNode node, String member, String where) throws ZtdfException {
        JsonNode value = node.path(member);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new ZtdfException(ZtdfException.Reason.UNSUPPORTED, "the " + where + "'s " + member + " is not a string "
                    + "(an OpenTDF assertion's members are strings)");
        }
        return value.textValue();
    }

    private static void optional(ObjectNode node, String member, String value) {
        if (!value.isEmpty()) {
            node.put(member, value);
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
