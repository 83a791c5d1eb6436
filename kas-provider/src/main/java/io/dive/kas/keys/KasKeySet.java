package io.dive.kas.keys;

import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of one key set in a key provider (a realm's own keys, or a set an operator shares
 * between realms) and what is done with them: {@link #decrypt} a wrapped data key (as OpenTDF's key
 * manager {@code Decrypt} does), built on two primitives a provider implements, RSA-OAEP decryption
 * and ECDH. Implementations never return or log private key material.
 */
public interface KasKeySet {

    /** Every key of this set, active ones first. */
    List<KasKey> keys() throws KeyProviderException;

    /** The key new files should use for {@code algorithm}. */
    default Optional<KasKey> activeKey(KeyAlgorithm algorithm) throws KeyProviderException {
        return keys().stream().filter(key -> key.active() && key.algorithm() == algorithm).findFirst();
    }

    /** The key with this kid, if this set holds it (a refresh may be attempted, e.g. after a rotation). */
    default Optional<KasKey> key(String kid) throws KeyProviderException {
        return keys().stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    /** RSA-OAEP decryption of a wrapped data key with an RSA key (hash fixed per key). */
    byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException;

    /** The ECDH shared secret of an EC key with a peer's (ephemeral) public key. */
    byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException;

    /**
     * The data key (or key share) wrapped to {@code key}: RSA-OAEP for {@code wrapped} objects; for
     * {@code ec-wrapped} ones ECDH with the object's {@code ephemeralPublicKey}, HKDF-SHA256 and
     * AES-256-GCM. The ephemeral key is checked to be on P-256 before any private-key operation (an
     * off-curve point could leak the key: invalid-curve attack).
     *
     * @param ephemeralPublicKey for EC keys, the object's ephemeral key; ignored for RSA keys
     * @throws KeyProviderException {@code unavailable()} when the HSM/KMS is down, else the ciphertext
     *     or ephemeral key was refused
     */
    default byte[] decrypt(KasKey key, byte[] wrappedKey, PublicKey ephemeralPublicKey) throws KeyProviderException {
        if (key.algorithm() == KeyAlgorithm.RSA_2048) {
            return unwrapRsa(key, wrappedKey);
        }
        try {
            KeyWrapping.requireP256Point(ephemeralPublicKey);
        } catch (GeneralSecurityException e) {
            throw KeyProviderException.rejected("ephemeral key refused: " + e.getMessage(), e);
        }
        byte[] secret = agree(key, ephemeralPublicKey);
        byte[] wrappingKey = null;
        try {
            wrappingKey = KeyWrapping.deriveWrappingKey(secret);
            return KeyWrapping.open(wrappingKey, wrappedKey);
        } catch (GeneralSecurityException e) {
            throw KeyProviderException.rejected("unwrap failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (wrappingKey != null) {
                Arrays.fill(wrappingKey, (byte) 0);
            }
        }
    }

    /** Status for the health endpoint (no secrets). */
    Map<String, Object> health();
}
