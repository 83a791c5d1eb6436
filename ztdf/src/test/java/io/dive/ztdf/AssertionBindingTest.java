package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The assertion binding in the OpenTDF 4.3.0 form, against a vector computed outside the code under test. */
class AssertionBindingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    /** Two GMAC segment hashes, 00..0f and 10..1f. */
    private static final byte[] SEGMENT_HASHES = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    /** RFC 8785 form of {@link #assertion}, written by hand (members sorted, no white space). */
    private static final String CANONICAL = "{\"appliesToState\":\"encrypted\",\"id\":\"stanag-4774-label\",\"scope\":\"payload\","
            + "\"statement\":{\"format\":\"json-structured\",\"schema\":\"urn:nato:stanag:4774:confidentialitymetadatalabel:1:0\","
            + "\"value\":\"{\\\"classification\\\":\\\"SECRET\\\"}\"},\"type\":\"handling\"}";
    /** SHA-256 of {@link #CANONICAL} and base64(segment hashes ‖ that hash), computed with Python's hashlib and base64. */
    private static final String HASH = "eeebc53eeb68238adc3abfae13f9fbe256ea293dab70cd2a1ccb73755c4ef0fe";
    private static final String SIG = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh/u68U+62gjitw6v64T+fviVuopPatwzSocy3N1XE7w/g==";

    private static ObjectNode assertion(String id) {
        ObjectNode assertion = JSON.createObjectNode();
        assertion.put("type", "handling").put("id", id).put("scope", "payload").put("appliesToState", "encrypted");
        assertion.putObject("statement").put("value", "{\"classification\":\"SECRET\"}")
                .put("schema", "urn:nato:stanag:4774:confidentialitymetadatalabel:1:0").put("format", "json-structured");
        return assertion;
    }

    private static JsonNode claims(ObjectNode bound) throws Exception {
        String[] parts = bound.path("binding").path("signature").asText().split("\\.");
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** A binding JWS with {@code claims}, HS256 under the data key, made with the JDK's Mac here. */
    private static ObjectNode rebound(ObjectNode assertion, String alg, Map<String, Object> claims) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(DATA_KEY, "HmacSHA256"));
        String jws = input + "." + url.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        ObjectNode copy = assertion.deepCopy();
        copy.putObject("binding").put("method", "jws").put("signature", jws);
        return copy;
    }

    private static Map<String, Object> claims(String hash, String sig) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("assertionHash", hash);
        claims.put("assertionSig", sig);
        return claims;
    }

    @Test
    void theBindingCarriesTheKnownHashAndTheSegmentHashesFollowedByTheRawAssertionHash() throws Exception {
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CANONICAL.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(HASH);
        ObjectNode assertion = assertion("stanag-4774-label");
        AssertionBinding.bind(assertion, DATA_KEY, SEGMENT_HASHES);
        JsonNode claims = claims(assertion);
        assertThat(claims.path("assertionHash").asText()).isEqualTo(HASH);
        assertThat(claims.path("assertionSig").asText()).isEqualTo(SIG);
        byte[] decoded = Base64.getDecoder().decode(SIG);
        assertThat(decoded).hasSize(32 + 32).startsWith(SEGMENT_HASHES);
        // The JWS verifies as HS256 under the data key (computed with the JDK's Mac, not the code under test).
        String[] parts = assertion.path("binding").path("signature").asText().split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(DATA_KEY, "HmacSHA256"));
        assertThat(Base64.getUrlDecoder().decode(parts[2]))
                .isEqualTo(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertThat(JSON.readTree(Base64.getUrlDecoder().decode(parts[0])).path("alg").asText()).isEqualTo("HS256");
    }

    @Test
    void aBindingMadeElsewhereInThe430FormVerifies() throws Exception {
        AssertionBinding.verify(rebound(assertion("stanag-4774-label"), "HS256", claims(HASH, SIG)), DATA_KEY, SEGMENT_HASHES,
                "root");
    }

    @Test
    void theEarlierRootSignatureFormIsReadForTheLabelAssertionOnly() throws Exception {
        AssertionBinding.verify(rebound(assertion("stanag-4774-label"), "HS256", claims(HASH, "the-root-signature")),
                DATA_KEY, SEGMENT_HASHES, "the-root-signature");
        ObjectNode other = assertion("system-metadata");
        // (Another assertion's hash, so the statement matches its own id.)
        String otherHash = AssertionBinding.assertionHash(other);
        assertThatThrownBy(() -> AssertionBinding.verify(rebound(other, "HS256", claims(otherHash, "the-root-signature")),
                DATA_KEY, SEGMENT_HASHES, "the-root-signature"))
                .isInstanceOf(ZtdfException.class).hasMessage("assertion 'system-metadata' is bound to another payload")
                .extracting(e -> ((ZtdfException) e).reason()).isEqualTo(ZtdfException.Reason.LABEL_BINDING);
    }

    /**
     * As the Go SDK hashes: only the members OpenTDF defines, empty ones left out, so members another
     * producer adds beside them do not change the hash. The vector: SHA-256 (Python's hashlib) of
     * {@code {"id":"sdk-extra","scope":"tdo","statement":{"schema":"urn:example:extra","value":"v"},"type":"other"}}.
     */
    @Test
    void theGoSdksHashCoversTheOpenTdfMembersOnly() throws Exception {
        ObjectNode assertion = JSON.createObjectNode().put("id", "sdk-extra").put("type", "other").put("scope", "tdo")
                .put("appliesToState", "").put("producerExtension", "not bound");
        assertion.putObject("statement").put("format", "").put("schema", "urn:example:extra").put("value", "v")
                .put("encoding", "not bound either");
        assertion.putObject("meta").put("x", 1);
        String hash = "15800ca0570a35c53a923049c7e4b020f3419c48ec1c5d38ab20cef7f384c829";
        assertThat(AssertionBinding.assertionHash(assertion)).isEqualTo(hash);
        AssertionBinding.verify(rebound(assertion, "HS256", claims(hash, AssertionBinding.assertionSig(SEGMENT_HASHES, hash))),
                DATA_KEY, SEGMENT_HASHES, "root");
        // A member the hash covers still may not change.
        ObjectNode changed = rebound(assertion, "HS256", claims(hash, AssertionBinding.assertionSig(SEGMENT_HASHES, hash)));
        changed.put("scope", "payload");
        assertThatThrownBy(() -> AssertionBinding.verify(changed, DATA_KEY, SEGMENT_HASHES, "root"))
                .hasMessage("assertion 'sdk-extra' was changed after it was bound");
    }

    /** A producer that hashes the whole assertion (BaseTDF-ASN §6), extra members included, is read too; they are bound then. */
    @Test
    void aHashOfTheWholeAssertionWithExtraMembersVerifiesAndBindsThem() throws Exception {
        ObjectNode assertion = assertion("x");
        assertion.put("producerExtension", "bound");
        String canonical = "{\"appliesToState\":\"encrypted\",\"id\":\"x\",\"producerExtension\":\"bound\",\"scope\":\"payload\","
                + "\"statement\":{\"format\":\"json-structured\",\"schema\":\"urn:nato:stanag:4774:confidentialitymetadatalabel:1:0\","
                + "\"value\":\"{\\\"classification\\\":\\\"SECRET\\\"}\"},\"type\":\"handling\"}";
        String whole = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        // The Go SDK's form: the same assertion without the extra member (SHA-256 by Python's hashlib).
        assertThat(AssertionBinding.assertionHashes(assertion))
                .containsExactly("d992b87280d7155b010f7f094b0b2594ecff4f447b1e648a61958211d9fef923", whole);
        ObjectNode bound = rebound(assertion, "HS256", claims(whole, AssertionBinding.assertionSig(SEGMENT_HASHES, whole)));
        AssertionBinding.verify(bound, DATA_KEY, SEGMENT_HASHES, "root");
        bound.put("producerExtension", "changed");
        assertThatThrownBy(() -> AssertionBinding.verify(bound, DATA_KEY, SEGMENT_HASHES, "root"))
                .hasMessage("assertion 'x' was changed after it was bound");
        // A statement value that is not a string has no Go SDK form: only the whole assertion's hash.
        ObjectNode objectValue = assertion("x");
        ((ObjectNode) objectValue.path("statement")).putObject("value").put("classification", "SECRET");
        assertThat(AssertionBinding.assertionHashes(objectValue)).hasSize(1);
        assertThatThrownBy(() -> AssertionBinding.assertionHash(objectValue)).isInstanceOf(ZtdfException.class)
                .extracting(e -> ((ZtdfException) e).reason()).isEqualTo(ZtdfException.Reason.UNSUPPORTED);
    }

    @Test
    void aBindingToOtherSegmentHashesIsAnotherPayload() throws Exception {
        byte[] others = SEGMENT_HASHES.clone();
        others[0] ^= 1;
        assertThatThrownBy(() -> AssertionBinding.verify(rebound(assertion("stanag-4774-label"), "HS256", claims(HASH, SIG)),
                DATA_KEY, others, "root")).isInstanceOf(ZtdfException.class)
                .hasMessage("the security label is bound to another payload");
    }

    @Test
    void aChangedStatementAWrongKeyAndAnotherAlgorithmAreRefused() throws Exception {
        ObjectNode changed = rebound(assertion("stanag-4774-label"), "HS256", claims(HASH, SIG));
        ((ObjectNode) changed.path("statement")).put("value", "{\"classification\":\"UNCLASSIFIED\"}");
        assertThatThrownBy(() -> AssertionBinding.verify(changed, DATA_KEY, SEGMENT_HASHES, "root"))
                .hasMessage("the security label was changed after it was bound");

        byte[] otherKey = DATA_KEY.clone();
        otherKey[31] ^= 1;
        assertThatThrownBy(() -> AssertionBinding.verify(rebound(assertion("x"), "HS256", claims(HASH, SIG)), otherKey,
                SEGMENT_HASHES, "root")).hasMessageStartingWith("the binding of assertion 'x' does not verify");

        assertThatThrownBy(() -> AssertionBinding.verify(rebound(assertion("x"), "RS256", claims(HASH, SIG)), DATA_KEY,
                SEGMENT_HASHES, "root")).isInstanceOf(ZtdfException.class)
                .hasMessageContaining("bound with 'RS256'; DIVE verifies assertions bound under the data key (HS256) only")
                .extracting(e -> ((ZtdfException) e).reason()).isEqualTo(ZtdfException.Reason.UNSUPPORTED);

        ObjectNode unbound = assertion("x");
        assertThatThrownBy(() -> AssertionBinding.verify(unbound, DATA_KEY, SEGMENT_HASHES, "root"))
                .hasMessage("assertion 'x' has no JWS binding");
    }
}
