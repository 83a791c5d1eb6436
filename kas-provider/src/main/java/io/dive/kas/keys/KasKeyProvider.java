package io.dive.kas.keys;

import org.keycloak.provider.Provider;

/**
 * Where the KAS private keys live: a software keystore, an HSM or a KMS. Keys come in key sets: by
 * default every KAS-enabled realm has its own ({@code dive.kas.keySet} unset: the realm's name), so
 * a key access object wrapped for one realm's KAS never opens at another's; realms share keys only
 * when an operator names the same set. Providers that create keys on demand ({@code software}) hold
 * any set; providers whose keys an operator provisions ({@code pkcs11}, {@code gcp-kms}) hold one,
 * {@link #SHARED}.
 */
public interface KasKeyProvider extends Provider {

    /** The name of the key set configured at server level (the keys of providers that hold one set). */
    String SHARED = "shared";

    /**
     * The keys of set {@code name}.
     *
     * @throws KeyProviderException {@code unavailable()} when this provider does not hold that set (or
     *     its keys cannot be opened)
     */
    KasKeySet keySet(String name) throws KeyProviderException;

    @Override
    default void close() {
        // Providers are shared by the factory; nothing per session.
    }
}
