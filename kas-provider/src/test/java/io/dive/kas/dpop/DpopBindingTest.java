package io.dive.kas.dpop;

import static io.dive.kas.dpop.DpopProofs.TOKEN;
import static io.dive.kas.dpop.DpopProofs.URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DpopBindingTest {

    /** One replay store shared by two "nodes", as Redis is in a cluster. */
    private final Set<String> seen = new HashSet<>();
    private final ReplayGuard shared = (thumbprint, jti, ttl) -> seen.add(thumbprint + ":" + jti);

    private DpopBinding node() {
        return new DpopBinding(shared, Duration.ofSeconds(60), Clock.systemUTC());
    }

    private static DpopBinding.Presentation dpop(String proof) {
        return DpopBinding.Presentation.of("DPoP " + TOKEN, proof);
    }

    @Test
    void aBoundTokenWithAProofByItsKeyGivesTheKeyTheRequestMustBeSignedWith() throws Exception {
        DpopProofs proof = new DpopProofs();
        assertThat(node().requestSigner(dpop(proof.sign()), proof.thumbprint(), "POST", List.of(URL)))
                .isEqualTo(proof.key.getPublic());
    }

    @Test
    void aReplayedProofIsRefusedOnAnyNode() throws Exception {
        DpopProofs proof = new DpopProofs();
        String signed = proof.sign();
        node().requestSigner(dpop(signed), proof.thumbprint(), "POST", List.of(URL));
        assertThatThrownBy(() -> node().requestSigner(dpop(signed), proof.thumbprint(), "POST", List.of(URL)))
                .isInstanceOf(DpopRefusal.class).hasMessageContaining("used before");
    }

    @Test
    void aProofByAnotherKeyThanTheTokensIsRefused() throws Exception {
        DpopProofs proof = new DpopProofs();
        String otherKey = new DpopProofs().thumbprint();
        assertThatThrownBy(() -> node().requestSigner(dpop(proof.sign()), otherKey, "POST", List.of(URL)))
                .isInstanceOf(DpopRefusal.class).hasMessageContaining("cnf.jkt");
    }

    @Test
    void aBoundTokenPresentedAsBearerIsRefused() throws Exception {
        DpopProofs proof = new DpopProofs();
        assertThatThrownBy(() -> node().requestSigner(DpopBinding.Presentation.of("Bearer " + TOKEN, null), proof.thumbprint(),
                "POST", List.of(URL))).isInstanceOf(DpopRefusal.class).hasMessageContaining("Authorization: DPoP");
    }

    @Test
    void anUnboundTokenPresentedAsDpopIsRefused() throws Exception {
        DpopProofs proof = new DpopProofs();
        assertThatThrownBy(() -> node().requestSigner(dpop(proof.sign()), null, "POST", List.of(URL)))
                .isInstanceOf(DpopRefusal.class).hasMessageContaining("not DPoP-bound");
    }

    @Test
    void aBearerTokenKeepsTodaysRuleAndADpopHeaderBesideItIsRefused() throws Exception {
        assertThat(node().requestSigner(DpopBinding.Presentation.of("bearer " + TOKEN, null), null, "POST", List.of(URL))).isNull();
        DpopProofs proof = new DpopProofs();
        assertThatThrownBy(() -> node().requestSigner(DpopBinding.Presentation.of("Bearer " + TOKEN, proof.sign()), null,
                "POST", List.of(URL))).isInstanceOf(DpopRefusal.class).hasMessageContaining("Bearer");
        assertThat(DpopBinding.Presentation.of("Basic abc", null)).isNull();
        assertThat(DpopBinding.Presentation.of(null, null)).isNull();
    }

    @Test
    void withoutTheReplayStoreNoKeyIsReleased() throws Exception {
        DpopProofs proof = new DpopProofs();
        DpopBinding down = new DpopBinding(ReplayGuard.redis(null), Duration.ofSeconds(60), Clock.systemUTC());
        assertThatThrownBy(() -> down.requestSigner(dpop(proof.sign()), proof.thumbprint(), "POST", List.of(URL)))
                .isInstanceOf(DpopRefusal.class).satisfies(e -> assertThat(((DpopRefusal) e).unavailable()).isTrue());
    }
}
