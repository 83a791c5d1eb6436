package io.dive.ztdf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A KAS public key ({@code v2/kas_public_key}): {@code {publicKey, kid, algorithm, wrapAlgorithm}},
 * the key as PEM ({@code fmt=pkcs8}) or as a JWK object ({@code fmt=jwk}).
 *
 * @param pem the PEM key; null when the key is given as a JWK
 * @param jwk the JWK members; null when the key is given as PEM
 * @param kid the key id to write into key access objects
 * @param algorithm the key's algorithm; null when the KAS does not say
 * @param wrapAlgorithm DIVE extension: the OAEP hash an RSA key decrypts with; null when not said
 *     (OpenTDF clients assume SHA-1)
 */
public record PublicKeyResponse(String pem, Map<String, Object> jwk, String kid, KeyAlgorithm algorithm,
        KeyWrapping.OaepHash wrapAlgorithm) {

    public PublicKeyResponse {
        if ((pem == null) == (jwk == null)) {
            throw new IllegalArgumentException("a public key is given as PEM or as a JWK");
        }
        // In order and with nulls, as the JWK was written (Map.copyOf keeps neither).
        jwk = jwk == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(jwk));
        Objects.requireNonNull(kid, "kid");
    }
}
