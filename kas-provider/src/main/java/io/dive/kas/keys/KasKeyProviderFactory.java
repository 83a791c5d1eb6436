package io.dive.kas.keys;

import org.keycloak.provider.ProviderFactory;

/** Factory of a KAS key provider ({@code software}, {@code pkcs11}, {@code gcp-kms}). */
public interface KasKeyProviderFactory extends ProviderFactory<KasKeyProvider> {
}
