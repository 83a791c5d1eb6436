package io.dive.kas.keys;

import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A KAS key as the KAS sees it: the public half and how it is used. The private half stays in the
 * key provider (keystore, HSM or KMS).
 *
 * @param kid the key id written into key access objects
 * @param algorithm RSA-2048 or EC P-256
 * @param publicKey the public key
 * @param oaepHash for RSA keys, the OAEP hash this key decrypts with (fixed per kid); null for EC
 * @param active whether new files should use it (older keys stay usable for decryption)
 */
public record KasKey(String kid, KeyAlgorithm algorithm, PublicKey publicKey, KeyWrapping.OaepHash oaepHash,
        boolean active) {
    public KasKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        if (algorithm == KeyAlgorithm.RSA_2048 && oaepHash == null) {
            throw new IllegalArgumentException("an RSA KAS key needs its OAEP hash");
        }
    }
}
