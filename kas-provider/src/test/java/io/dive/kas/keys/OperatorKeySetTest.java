package io.dive.kas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** Providers whose keys an operator provisions (HSM, KMS) hold one key set, shared: a realm gets it only by naming it. */
class OperatorKeySetTest {

    private final AbstractKasKeyProviderFactory hsm = new AbstractKasKeyProviderFactory() {
        @Override
        protected List<KasKey> loadKeys(String keySet) {
            return List.of();
        }

        @Override
        protected byte[] unwrapRsa(String keySet, KasKey key, byte[] wrappedKey) {
            return new byte[0];
        }

        @Override
        protected byte[] agree(String keySet, KasKey key, PublicKey peer) {
            return new byte[0];
        }

        @Override
        protected String unavailableReason() {
            return "down";
        }

        @Override
        public void init(Config.Scope config) {
            // no settings
        }

        @Override
        public String getId() {
            return "hsm";
        }
    };

    @Test
    void aRealmsOwnKeySetIsRefusedAndTheSharedOneServed() throws Exception {
        KasKeyProvider provider = hsm.create(null);
        assertThatThrownBy(() -> provider.keySet("dive-usa")).isInstanceOfSatisfying(KeyProviderException.class, e -> {
            assertThat(e.unavailable()).isTrue();
            assertThat(e.getMessage()).contains("holds no key set 'dive-usa'").contains("dive.kas.keySet");
        });
        assertThat(provider.keySet(KasKeyProvider.SHARED).health()).containsEntry("keySet", "shared").containsEntry("provider", "hsm");
    }
}
