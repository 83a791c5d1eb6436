package io.dive.kas.keys;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What every KAS key provider factory shares: the keys live in the factory (keystore, token or KMS
 * client, opened on first use so that an absent HSM shows in health rather than failing Keycloak's
 * start), the per-session provider only delegates, key sets are checked the same way and health is
 * reported the same way.
 */
public abstract class AbstractKasKeyProviderFactory implements KasKeyProviderFactory {

    /** Whether this provider holds key set {@code keySet}; operator-provisioned providers hold {@link KasKeyProvider#SHARED} only. */
    protected boolean holds(String keySet) {
        return KasKeyProvider.SHARED.equals(keySet);
    }

    /** Every key of {@code keySet} (opens the keystore, token or client when needed). */
    protected abstract List<KasKey> loadKeys(String keySet) throws KeyProviderException;

    protected abstract byte[] unwrapRsa(String keySet, KasKey key, byte[] wrappedKey) throws KeyProviderException;

    protected abstract byte[] agree(String keySet, KasKey key, PublicKey peer) throws KeyProviderException;

    /** Why the keys cannot be used, in words for the health endpoint (no secrets). */
    protected abstract String unavailableReason();

    /** Looks a kid up; providers whose key set changes (KMS rotation) refresh here. */
    protected Optional<KasKey> findKey(String keySet, String kid) throws KeyProviderException {
        return loadKeys(keySet).stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    @Override
    public final KasKeyProvider create(KeycloakSession session) {
        return name -> {
            if (name == null || !holds(name)) {
                throw KeyProviderException.unavailable("key provider " + getId() + " holds no key set '" + name + "'"
                        + (holds(KasKeyProvider.SHARED) ? " (its keys are the set '" + KasKeyProvider.SHARED
                        + "': name it in dive.kas.keySet to use them)" : ""), null);
            }
            return keySet(name);
        };
    }

    private KasKeySet keySet(String name) {
        return new KasKeySet() {
            @Override
            public List<KasKey> keys() throws KeyProviderException {
                return loadKeys(name);
            }

            @Override
            public Optional<KasKey> key(String kid) throws KeyProviderException {
                return findKey(name, kid);
            }

            @Override
            public byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException {
                return AbstractKasKeyProviderFactory.this.unwrapRsa(name, key, wrappedKey);
            }

            @Override
            public byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException {
                return AbstractKasKeyProviderFactory.this.agree(name, key, peer);
            }

            @Override
            public Map<String, Object> health() {
                Map<String, Object> health = new LinkedHashMap<>();
                health.put("provider", getId());
                health.put("keySet", name);
                try {
                    health.put("kids", loadKeys(name).stream().map(KasKey::kid).toList());
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
