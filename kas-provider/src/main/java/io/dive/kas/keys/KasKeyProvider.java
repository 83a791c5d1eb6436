package io.dive.kas.keys;

import io.dive.ztdf.KeyAlgorithm;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.provider.Provider;

/**
 * Where the KAS private keys live and the two operations done with them. Implementations never
 * return or log private key material.
 */
public interface KasKeyProvider extends Provider {

    /** Every key this provider can decrypt with, active ones first. */
    List<KasKey> keys() throws KeyProviderException;

    /** The key new files should use for {@code algorithm}. */
    default Optional<KasKey> activeKey(KeyAlgorithm algorithm) throws KeyProviderException {
        return keys().stream().filter(key -> key.active() && key.algorithm() == algorithm).findFirst();
    }

    /** The key with this kid, if this provider holds it (a refresh may be attempted, e.g. after a rotation). */
    default Optional<KasKey> key(String kid) throws KeyProviderException {
        return keys().stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    /** RSA-OAEP decryption of a wrapped data key with an RSA key (hash fixed per key). */
    byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException;

    /** The ECDH shared secret of an EC key with a peer's (ephemeral) public key. */
    byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException;

    /** Status for the health endpoint (no secrets). */
    Map<String, Object> health();

    @Override
    default void close() {
        // Providers are shared by the factory; nothing per session.
    }
}
