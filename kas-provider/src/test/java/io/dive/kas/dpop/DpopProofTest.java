package io.dive.kas.dpop;

import static io.dive.kas.dpop.DpopProofs.TOKEN;
import static io.dive.kas.dpop.DpopProofs.URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DpopProofTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    private static DpopProof verify(DpopProofs proof) throws Exception {
        return DpopProof.verify(proof.sign(), "POST", List.of(URL), TOKEN, Instant.now(), WINDOW);
    }

    private static void refused(DpopProofs proof, String message) {
        assertThatThrownBy(() -> verify(proof)).isInstanceOf(DpopRefusal.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((DpopRefusal) e).unavailable()).isFalse());
    }

    @Test
    void aProofForThisRequestGivesItsKeyAndThumbprint() throws Exception {
        DpopProofs proof = new DpopProofs();
        DpopProof verified = verify(proof);
        assertThat(verified.key()).isEqualTo(proof.key.getPublic());
        assertThat(verified.thumbprint()).isEqualTo(proof.thumbprint());
        assertThat(verified.jti()).isEqualTo(proof.claims.get("jti").asText());
        // htu normalisation (RFC 9449 §4.3): case of scheme and host, default port, no query.
        proof.claims.put("htu", "HTTPS://KAS.example:443/kas.AccessService/Rewrap?x=1");
        assertThat(verify(proof).key()).isEqualTo(proof.key.getPublic());
    }

    @Test
    void aProofForAnotherUrlOrMethodIsRefused() throws Exception {
        DpopProofs other = new DpopProofs();
        other.claims.put("htu", "https://kas.example/kas.AccessService/PublicKey");
        refused(other, "htu");
        DpopProofs port = new DpopProofs();
        port.claims.put("htu", "https://kas.example:8443/kas.AccessService/Rewrap");
        refused(port, "htu");
        DpopProofs method = new DpopProofs();
        method.claims.put("htm", "GET");
        refused(method, "htm");
    }

    @Test
    void aStaleOrFutureProofIsRefused() throws Exception {
        DpopProofs stale = new DpopProofs();
        stale.claims.put("iat", Instant.now().minusSeconds(120).getEpochSecond());
        refused(stale, "iat");
        DpopProofs future = new DpopProofs();
        future.claims.put("iat", Instant.now().plusSeconds(120).getEpochSecond());
        refused(future, "iat");
        DpopProofs none = new DpopProofs();
        none.claims.remove("iat");
        refused(none, "iat");
    }

    @Test
    void aProofForAnotherTokenOrWithoutJtiIsRefused() throws Exception {
        DpopProofs ath = new DpopProofs();
        ath.claims.put("ath", DpopProofs.sha256("another token"));
        refused(ath, "ath");
        DpopProofs jti = new DpopProofs();
        jti.claims.remove("jti");
        refused(jti, "jti");
    }

    @Test
    void unsignedSymmetricOrForeignSignedProofsAreRefused() throws Exception {
        DpopProofs none = new DpopProofs();
        none.header.put("alg", "none");
        refused(none, "alg 'none'");
        DpopProofs hmac = new DpopProofs();
        hmac.header.put("alg", "HS256");
        refused(hmac, "alg 'HS256'");
        DpopProofs foreign = new DpopProofs();
        foreign.signer = DpopProofs.ecKey();
        refused(foreign, "signature");
        DpopProofs typ = new DpopProofs();
        typ.header.put("typ", "JWT");
        refused(typ, "typ");
        DpopProofs noJwk = new DpopProofs();
        noJwk.header.remove("jwk");
        refused(noJwk, "jwk");
        DpopProofs curve = new DpopProofs();
        curve.header.put("alg", "ES384");
        refused(curve, "curve");
    }

    @Test
    void aProofWhoseJwkHoldsThePrivateKeyIsRefused() throws Exception {
        refused(new DpopProofs().withPrivateJwk(), "private");
    }

    @Test
    void garbageIsRefusedWithAMessage() {
        assertThatThrownBy(() -> DpopProof.verify("not-a-jws", "POST", List.of(URL), TOKEN, Instant.now(), WINDOW))
                .isInstanceOf(DpopRefusal.class).hasMessageContaining("compact JWS");
        assertThatThrownBy(() -> DpopProof.verify(null, "POST", List.of(URL), TOKEN, Instant.now(), WINDOW))
                .isInstanceOf(DpopRefusal.class).hasMessageContaining("DPoP header");
        assertThatThrownBy(() -> DpopProof.verify("a".repeat(9000), "POST", List.of(URL), TOKEN, Instant.now(), WINDOW))
                .isInstanceOf(DpopRefusal.class).hasMessageContaining("longer");
    }
}
