package io.dive.kas.rewrap;

import static io.dive.kas.rewrap.RewrapFixtures.RSA_KEY;
import static io.dive.kas.rewrap.RewrapFixtures.envelope;
import static io.dive.kas.rewrap.RewrapFixtures.file;
import static io.dive.kas.rewrap.RewrapFixtures.keyPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.model.JsonTree;
import io.dive.ztdf.Jws;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.Pem;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SignedRequestToken;
import java.security.KeyPair;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class SignedRequestVerifierTest {

    private final SignedRequestVerifier verifier = new SignedRequestVerifier(Duration.ofSeconds(30), Clock.systemUTC());

    private static void refused(ThrowableAssert.ThrowingCallable call, KasFailure.Kind kind, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KasFailure.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.clientMessage()).contains(message);
        });
    }

    @Test
    void aTokenSignedByTheKeyItNamesYieldsThatKeyAndTheRequest() throws Exception {
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        RewrapFixtures.File file = file(RSA_KEY);
        SignedRequestVerifier.VerifiedRequest verified = verifier.verify(envelope(client, file));
        assertThat(verified.clientKey()).isEqualTo(client.getPublic());
        assertThat(verified.request().requests().get(0).keyAccessObjects().get(0).keyAccessObject()).isEqualTo(file.kao());
    }

    @Test
    void anotherSignerAStaleOrAFutureTokenIsAnInvalidSignedRequest() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        String message = "invalid signed request token";
        refused(() -> verifier.verify(envelope(client, keyPair(KeyAlgorithm.EC_P256), Instant.now(), file)),
                KasFailure.Kind.INVALID_SIGNED_REQUEST, message);
        refused(() -> verifier.verify(envelope(client, client, Instant.now().minusSeconds(180), file)),
                KasFailure.Kind.INVALID_SIGNED_REQUEST, message);
        refused(() -> verifier.verify(envelope(client, client, Instant.now().plusSeconds(120), file)),
                KasFailure.Kind.INVALID_SIGNED_REQUEST, message);
        // Within the clock skew both ways.
        assertThat(verifier.verify(envelope(client, client, Instant.now().minusSeconds(80), file)).clientKey()).isNotNull();
        assertThat(verifier.verify(envelope(client, client, Instant.now().plusSeconds(20), file)).clientKey()).isNotNull();
    }

    @Test
    void aMalformedBodyIsABadRequestThatNamesTheField() throws Exception {
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        long now = Instant.now().getEpochSecond();
        // A request body no client builds: the KAO's url is a number.
        String body = "{\"clientPublicKey\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(Pem.publicKey(client.getPublic()))
                + ",\"requests\":[{\"policy\":{\"id\":\"p\",\"body\":\"x\"},\"keyAccessObjects\":[{\"keyAccessObjectId\":\"k\","
                + "\"keyAccessObject\":{\"type\":\"wrapped\",\"url\":7,\"wrappedKey\":\"a\",\"policyBinding\":\"b\"}}]}]}";
        String token = Jws.sign(client.getPrivate(), JsonTree.object().put("requestBody", body).put("iat", now).put("exp", now + 60));
        refused(() -> verifier.verify("{\"signedRequestToken\":\"" + token + "\"}"), KasFailure.Kind.BAD_REQUEST,
                "bad request: requests[0].keyAccessObjects[0].keyAccessObject.url is missing or not a string");
        refused(() -> verifier.verify("not json"), KasFailure.Kind.BAD_REQUEST, "bad request: body is not a JSON object");
        refused(() -> verifier.verify("{\"signedRequestToken\":1}"), KasFailure.Kind.BAD_REQUEST, "signedRequestToken");
        refused(() -> verifier.verify("{\"signedRequestToken\":\"a.b.c\"}"), KasFailure.Kind.INVALID_SIGNED_REQUEST,
                "invalid signed request token");
    }

    @Test
    void theWorkOneRequestCanCauseIsBounded() throws Exception {
        KeyPair client = keyPair(KeyAlgorithm.RSA_2048);
        RewrapFixtures.File file = file(RSA_KEY);
        String pem = Pem.publicKey(client.getPublic());
        String tooMany = SignedRequestToken.sign(RewrapRequest.of(pem, null, file.policy(), Collections.nCopies(101, file.kao())),
                client.getPrivate(), Instant.now());
        refused(() -> verifier.verify(tooMany), KasFailure.Kind.BAD_REQUEST, "at most 100 key access objects");
        String none = SignedRequestToken.sign(new RewrapRequest(pem, List.of(), false), client.getPrivate(), Instant.now());
        refused(() -> verifier.verify(none), KasFailure.Kind.BAD_REQUEST, "requests must be an array of 1..100");
        String empty = SignedRequestToken.sign(RewrapRequest.of(pem, null, file.policy(), List.of()), client.getPrivate(),
                Instant.now());
        refused(() -> verifier.verify(empty), KasFailure.Kind.BAD_REQUEST, "requests[0].keyAccessObjects must hold 1..100");
    }

    @Test
    void aShortRsaClientKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair weak = generator.generateKeyPair();
        refused(() -> verifier.verify(envelope(weak, file(RSA_KEY))), KasFailure.Kind.BAD_REQUEST,
                "clientPublicKey: client RSA keys must be 2048 bits or more");
    }

    @Test
    void anEcClientKeyOffP256OrOffItsCurveOrATamperedSignatureIsRefused() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        KeyPair signer = keyPair(KeyAlgorithm.EC_P256);
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        refusedFor(() -> verifier.verify(envelope(p384.generateKeyPair(), signer, Instant.now(), file)),
                KasFailure.Kind.INVALID_SIGNED_REQUEST, "the EC key is not on P-256");
        ECPublicKey valid = (ECPublicKey) signer.getPublic();
        PublicKey offCurve = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(valid.getW().getAffineX(), valid.getW().getAffineY().add(BigInteger.ONE)), valid.getParams()));
        refusedFor(() -> verifier.verify(envelope(new KeyPair(offCurve, signer.getPrivate()), signer, Instant.now(), file)),
                KasFailure.Kind.INVALID_SIGNED_REQUEST, "not on P-256");
        String body = envelope(signer, file);
        int sigAt = body.lastIndexOf('.') + 10;
        String tampered = body.substring(0, sigAt) + (body.charAt(sigAt) == 'A' ? 'B' : 'A') + body.substring(sigAt + 1);
        refusedFor(() -> verifier.verify(tampered), KasFailure.Kind.INVALID_SIGNED_REQUEST, "does not verify");
        assertThat(verifier.verify(body).clientKey()).isEqualTo(signer.getPublic());
    }

    /** An invalid signed request token whose logged detail (never the client's message) says why. */
    private static void refusedFor(ThrowableAssert.ThrowingCallable call, KasFailure.Kind kind, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KasFailure.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.clientMessage()).isEqualTo("invalid signed request token");
            assertThat(e.getMessage()).contains(detail);
        });
    }
}
