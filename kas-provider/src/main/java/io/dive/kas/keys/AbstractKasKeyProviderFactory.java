package io.dive.kas.keys;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What every KAS key provider factory shares: the keys live in the factory (keystore, token or KMS
 * client, opened on first use so that an absent HSM shows in health rather than failing Keycloak's
 * start), the per-session provider only delegates, and health is reported the same way.
 */
public abstract class AbstractKasKeyProviderFactory implements KasKeyProviderFactory {

    /** Every key this provider can decrypt with (opens the keystore, token or client when needed). */
    protected abstract List<KasKey> loadKeys() throws KeyProviderException;

    protected abstract byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException;

    protected abstract byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException;

    /** Why the keys cannot be used, in words for the health endpoint (no secrets). */
    protected abstract String unavailableReason();

    /** Looks a kid up; providers whose key set changes (KMS rotation) refresh here. */
    protected java.util.Optional<KasKey> findKey(String kid) throws KeyProviderException {
        return loadKeys().stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    @Override
    public final KasKeyProvider create(KeycloakSession session) {
        return new KasKeyProvider() {
            @Override
            public List<KasKey> keys() throws KeyProviderException {
                return loadKeys();
            }

            @Override
            public java.util.Optional<KasKey> key(String kid) throws KeyProviderException {
                return findKey(kid);
            }

            @Override
            public byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException {
                return AbstractKasKeyProviderFactory.this.unwrapRsa(key, wrappedKey);
            }

            @Override
            public byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException {
                return AbstractKasKeyProviderFactory.this.agree(key, peer);
            }

            @Override
            public Map<String, Object> health() {
                Map<String, Object> health = new LinkedHashMap<>();
                health.put("provider", getId());
                try {
                    health.put("kids", loadKeys().stream().map(KasKey::kid).toList());
                    health.put("status", "UP");
                } catch (KeyProviderException e) {
                    health.put("status", "DOWN");
                    health.put("error", unavailableReason());
                }
                return health;
            }
        };
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Keys are opened on first use.
    }

    @Override
    public void close() {
        // Nothing held beyond what subclasses release.
    }
}
