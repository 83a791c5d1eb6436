package io.dive.kas.rewrap;

import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KeyProviderException;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.Pem;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Step 2: the data key (or key share) of one key access object — after its url names this KAS, its
 * kid is a key of the realm's key provider of the object's algorithm — unwrapped by the key
 * provider ({@link io.dive.kas.keys.KasKeyProvider#decrypt}) or taken from the in-memory cache, and
 * only returned when the policy binding verifies under it.
 */
final class KeyUnwrapper {

    private final UnwrappedKeyCache cache;

    KeyUnwrapper(UnwrappedKeyCache cache) {
        this.cache = cache;
    }

    /** The 256-bit key bound to {@code policyBody}; the caller zeroes it after use. */
    byte[] unwrap(Caller caller, KeyAccessObject kao, String policyBody) throws KasFailure {
        if (!trimSlash(kao.url()).equals(trimSlash(caller.kasUrl()))) {
            throw new KasFailure(KasFailure.Kind.WRONG_KAS, "key access object url " + kao.url() + " is not " + caller.kasUrl());
        }
        KasKey key = key(caller, kao);
        String cacheId = UnwrappedKeyCache.id(key.kid(), kao.wrappedKey(), kao.ephemeralPublicKey());
        Optional<byte[]> cached = cache.get(cacheId);
        byte[] dataKey = cached.isPresent() ? cached.get() : decrypt(caller, key, kao);
        if (dataKey.length != 32 || !kao.policyBinding().matches(dataKey, policyBody)) {
            Arrays.fill(dataKey, (byte) 0);
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "policy binding mismatch (or not a 256-bit key)");
        }
        if (cached.isEmpty()) {
            cache.put(cacheId, dataKey);
        }
        return dataKey;
    }

    /** The object's kid, or the active key of its algorithm when it names none; the algorithm must match. */
    private static KasKey key(Caller caller, KeyAccessObject kao) throws KasFailure {
        KeyAlgorithm algorithm = kao.type().algorithm();
        KasKey key;
        try {
            Optional<KasKey> found = kao.kid().isEmpty() ? caller.keys().activeKey(algorithm) : caller.keys().key(kao.kid());
            key = found.orElseThrow(() -> new KasFailure(KasFailure.Kind.UNKNOWN_KEY, "kid '" + kao.kid() + "' unknown to "
                    + caller.keyProviderId()));
        } catch (KeyProviderException e) {
            throw new KasFailure(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE, e.getMessage());
        }
        if (key.algorithm() != algorithm) {
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "kid " + key.kid() + " is " + key.algorithm() + ", type is "
                    + kao.type().jsonName());
        }
        return key;
    }

    private static byte[] decrypt(Caller caller, KasKey key, KeyAccessObject kao) throws KasFailure {
        byte[] wrapped;
        try {
            wrapped = Base64.getDecoder().decode(kao.wrappedKey());
        } catch (IllegalArgumentException e) {
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "wrappedKey is not base64");
        }
        try {
            PublicKey ephemeral = key.algorithm() == KeyAlgorithm.EC_P256 ? Pem.parsePublicKey(kao.ephemeralPublicKey()) : null;
            return caller.keys().decrypt(key, wrapped, ephemeral);
        } catch (KeyProviderException e) {
            throw new KasFailure(e.unavailable() ? KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE : KasFailure.Kind.BAD_REQUEST,
                    e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "unwrap failed: " + e.getMessage());
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
