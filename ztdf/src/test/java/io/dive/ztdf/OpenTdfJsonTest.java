package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol model's one JSON reader and writer: OpenTDF field names, tolerant of additions, strict on defects. */
class OpenTdfJsonTest {

    private static final KeyAccessObject KAO = new KeyAccessObject(KeyAccessType.WRAPPED, "https://kas/realms/r/kas", "kas",
            "d3JhcHBlZA==", new PolicyBinding("HS256", "aGFzaA=="), "rsa-1", "", null, null);
    private static final String KAO_JSON = "{\"type\":\"wrapped\",\"url\":\"https://kas/realms/r/kas\",\"protocol\":\"kas\","
            + "\"wrappedKey\":\"d3JhcHBlZA==\",\"kid\":\"rsa-1\",\"sid\":\"\",\"policyBinding\":{\"alg\":\"HS256\",\"hash\":\"aGFzaA==\"}}";

    private static ZtdfException.Reason reasonOf(ThrowingRead read) {
        try {
            read.run();
        } catch (ZtdfException e) {
            return e.reason();
        }
        throw new AssertionError("read without complaint");
    }

    private interface ThrowingRead {
        void run() throws ZtdfException;
    }

    @Test
    void aKeyAccessObjectIsWrittenWithTheOpenTdfFieldNamesAndReadBack() throws Exception {
        assertThat(OpenTdfJson.writeKeyAccessObject(KAO)).isEqualTo(KAO_JSON);
        assertThat(OpenTdfJson.readKeyAccessObject(KAO_JSON)).isEqualTo(KAO);
        KeyAccessObject ec = new KeyAccessObject(KeyAccessType.EC_WRAPPED, "u", null, "k", new PolicyBinding("HS256", "h"), null,
                "s1", "PEM", "meta");
        assertThat(OpenTdfJson.readKeyAccessObject(OpenTdfJson.writeKeyAccessObject(ec))).isEqualTo(ec);
        assertThat(ec.protocol()).isEqualTo("kas");
        assertThat(ec.kid()).isEmpty();
    }

    @Test
    void unknownFieldsAreToleratedAndALegacyBindingIsABareString() throws Exception {
        String extended = KAO_JSON.replace("{\"type\"", "{\"schemaVersion\":\"1.0\",\"splitPlan\":{\"x\":[1]},\"type\"")
                .replace("\"hash\":\"aGFzaA==\"}", "\"hash\":\"aGFzaA==\",\"note\":true}");
        assertThat(OpenTdfJson.readKeyAccessObject(extended)).isEqualTo(KAO);
        String legacy = KAO_JSON.replace("{\"alg\":\"HS256\",\"hash\":\"aGFzaA==\"}", "\"aGFzaA==\"");
        assertThat(OpenTdfJson.readKeyAccessObject(legacy).policyBinding()).isEqualTo(new PolicyBinding("HS256", "aGFzaA=="));
    }

    @Test
    void aMalformedFieldIsNamed() {
        assertThatThrownBy(() -> OpenTdfJson.readKeyAccessObject(KAO_JSON.replace("\"https://kas/realms/r/kas\"", "7")))
                .isInstanceOf(ZtdfException.class).hasMessageContaining("keyAccessObject.url");
        assertThatThrownBy(() -> OpenTdfJson.readKeyAccessObject(KAO_JSON.replace("\"hash\":\"aGFzaA==\"", "\"hash\":[]")))
                .hasMessageContaining("keyAccessObject.policyBinding.hash");
        assertThat(reasonOf(() -> OpenTdfJson.readKeyAccessObject(KAO_JSON.replace("\"wrapped\"", "\"remote\""))))
                .isEqualTo(ZtdfException.Reason.UNSUPPORTED);
        String request = OpenTdfJson.writeRewrapRequest(RewrapRequest.of("PEM", null, "POLICY", List.of(KAO, KAO)));
        assertThatThrownBy(() -> OpenTdfJson.readRewrapRequest(request.replace("\"wrappedKey\":\"d3JhcHBlZA==\",\"kid\":\"rsa-1\","
                + "\"sid\":\"\",\"policyBinding\":{\"alg\":\"HS256\",\"hash\":\"aGFzaA==\"}}}]", "\"wrappedKey\":false,\"kid\":\"rsa-1\","
                + "\"sid\":\"\",\"policyBinding\":{\"alg\":\"HS256\",\"hash\":\"aGFzaA==\"}}}]")))
                .hasMessageContaining("requests[0].keyAccessObjects[1].keyAccessObject.wrappedKey");
        assertThatThrownBy(() -> OpenTdfJson.readRewrapRequest("{\"requests\":[{\"policy\":\"p\"}]}"))
                .hasMessageContaining("requests[0].policy is missing or not an object");
        assertThatThrownBy(() -> OpenTdfJson.readRewrapRequest("{\"requests\":[{\"policy\":{},\"algorithm\":\"dsa\","
                + "\"keyAccessObjects\":[]}]}")).hasMessageContaining("requests[0].algorithm");
        assertThat(reasonOf(() -> OpenTdfJson.readRewrapRequest("[1]"))).isEqualTo(ZtdfException.Reason.MALFORMED_MESSAGE);
        assertThat(reasonOf(() -> OpenTdfJson.readRewrapResponse("{\"responses\":[{\"results\":[{\"status\":\"maybe\"}]}]}")))
                .isEqualTo(ZtdfException.Reason.MALFORMED_MESSAGE);
    }

    @Test
    void aV2RequestKeepsTheWireFormatOfTheDiveClient() throws Exception {
        RewrapRequest request = RewrapRequest.of("PEM", KeyAlgorithm.RSA_2048, "POLICY", List.of(KAO));
        String json = OpenTdfJson.writeRewrapRequest(request);
        assertThat(json).isEqualTo("{\"clientPublicKey\":\"PEM\",\"requests\":[{\"algorithm\":\"rsa:2048\",\"policy\":{\"id\":"
                + "\"policy-0\",\"body\":\"POLICY\"},\"keyAccessObjects\":[{\"keyAccessObjectId\":\"kao-0\",\"keyAccessObject\":"
                + KAO_JSON + "}]}]}");
        assertThat(OpenTdfJson.readRewrapRequest(json)).isEqualTo(request);
        assertThat(OpenTdfJson.readRewrapRequest(json.replace("\"requests\"", "\"extra\":{},\"requests\""))).isEqualTo(request);
    }

    @Test
    void aV1RequestIsOneRequestWithOneKeyAccessObject() throws Exception {
        RewrapRequest legacy = RewrapRequest.legacy("PEM", KeyAlgorithm.EC_P256, "POLICY", KAO);
        String json = OpenTdfJson.writeRewrapRequest(legacy);
        assertThat(json).isEqualTo("{\"clientPublicKey\":\"PEM\",\"policy\":\"POLICY\",\"algorithm\":\"ec:secp256r1\","
                + "\"keyAccess\":" + KAO_JSON + "}");
        RewrapRequest read = OpenTdfJson.readRewrapRequest(json);
        assertThat(read.legacy()).isTrue();
        assertThat(read).isEqualTo(legacy);
        assertThat(read.keyAccessObjectCount()).isEqualTo(1);
    }

    @Test
    void responsesRoundTripAndTheV1FormTakesTheOnlyResult() throws Exception {
        RewrapResponse.Metadata denied = new RewrapResponse.Metadata("ACCESS_DENIED",
                List.of(new RewrapResponse.Reason("NOT_RELEASABLE", "m")));
        RewrapResponse response = new RewrapResponse("SESSION", List.of(new RewrapResponse.PolicyResult("p", List.of(
                RewrapResponse.KeyAccessResult.permit("k0", "V1JBUA=="),
                RewrapResponse.KeyAccessResult.fail("k1", "forbidden", denied)))));
        String json = OpenTdfJson.writeRewrapResponse(response);
        assertThat(json).isEqualTo("{\"sessionPublicKey\":\"SESSION\",\"responses\":[{\"policyId\":\"p\",\"results\":["
                + "{\"keyAccessObjectId\":\"k0\",\"status\":\"permit\",\"kasWrappedKey\":\"V1JBUA==\",\"metadata\":{}},"
                + "{\"keyAccessObjectId\":\"k1\",\"status\":\"fail\",\"error\":\"forbidden\",\"metadata\":{\"failure\":"
                + "\"ACCESS_DENIED\",\"reasons\":[{\"code\":\"NOT_RELEASABLE\",\"message\":\"m\"}]}}]}]}");
        assertThat(OpenTdfJson.readRewrapResponse(json)).isEqualTo(response);
        assertThat(OpenTdfJson.readRewrapResponse(json.replace("\"metadata\":{}", "\"metadata\":{\"opentdf\":1}")).first())
                .isEqualTo(response.first());
        assertThat(OpenTdfJson.writeLegacyRewrapResponse(response.legacy()))
                .isEqualTo("{\"entityWrappedKey\":\"V1JBUA==\",\"sessionPublicKey\":\"SESSION\",\"metadata\":{}}");
        RewrapResponse refused = new RewrapResponse(null, List.of(new RewrapResponse.PolicyResult("policy",
                List.of(RewrapResponse.KeyAccessResult.fail("kao-0", "forbidden", denied)))));
        assertThat(OpenTdfJson.writeLegacyRewrapResponse(refused.legacy())).isEqualTo("{\"error\":\"forbidden\",\"metadata\":"
                + "{\"failure\":\"ACCESS_DENIED\",\"reasons\":[{\"code\":\"NOT_RELEASABLE\",\"message\":\"m\"}]}}");
    }

    @Test
    void aPublicKeyIsPemOrJwk() throws Exception {
        PublicKeyResponse pem = new PublicKeyResponse("PEM", null, "rsa-1", KeyAlgorithm.RSA_2048, KeyWrapping.OaepHash.SHA256);
        String json = OpenTdfJson.writePublicKeyResponse(pem);
        assertThat(json).isEqualTo("{\"publicKey\":\"PEM\",\"kid\":\"rsa-1\",\"algorithm\":\"rsa:2048\",\"wrapAlgorithm\":\"RSA-OAEP-256\"}");
        assertThat(OpenTdfJson.readPublicKeyResponse(json)).isEqualTo(pem);
        PublicKeyResponse jwk = OpenTdfJson.readPublicKeyResponse("{\"publicKey\":{\"kty\":\"EC\"},\"kid\":\"ec-1\"}");
        assertThat(jwk.jwk()).containsEntry("kty", "EC");
        assertThat(jwk.algorithm()).isNull();
        assertThat(OpenTdfJson.readError("{\"error\":\"nope\"}")).contains("nope");
        assertThat(OpenTdfJson.readError("{\"error\":\"invalid_token\",\"error_description\":\"session ended\"}"))
                .contains("session ended");
    }

    @Test
    void theSignedRequestTokenCarriesTheRequestAndVerifiesWithTheSignersKeyOnly() throws Exception {
        KeyPair client = KeyWrapping.newEcKeyPair();
        RewrapRequest request = RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.EC_P256, "POLICY", List.of(KAO));
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        String body = SignedRequestToken.sign(request, client.getPrivate(), now);
        SignedRequestToken token = SignedRequestToken.read(body);
        assertThat(token.request()).isEqualTo(request);
        SignedRequestToken.Verified verified = token.verify(client.getPublic());
        assertThat(verified.issuedAt()).isEqualTo(now.getEpochSecond());
        assertThat(verified.expiresAt()).isEqualTo(now.getEpochSecond() + 60);
        assertThatThrownBy(() -> token.verify(KeyWrapping.newEcKeyPair().getPublic())).hasMessageContaining("does not verify");
        assertThat(reasonOf(() -> {
            try {
                SignedRequestToken.read("{\"signedRequestToken\":1}");
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        })).isEqualTo(ZtdfException.Reason.MALFORMED_MESSAGE);
        assertThatThrownBy(() -> SignedRequestToken.read("{\"signedRequestToken\":\"a.b.c\"}"))
                .isInstanceOf(java.security.GeneralSecurityException.class);
    }
}
