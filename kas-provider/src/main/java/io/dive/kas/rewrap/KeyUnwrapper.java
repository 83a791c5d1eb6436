package io.dive.kas.rewrap;

import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KeyProviderException;
import io.dive.model.SafeText;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.Pem;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Step 2, in two halves around the decision: {@link #locate} the key of this KAS an object is
 * wrapped to (url, kid, algorithm; no private-key operation), then, for a permitted policy,
 * {@link #unwrap} the data key (or key share) with the key set ({@link io.dive.kas.keys.KasKeySet#decrypt})
 * or from the in-memory cache, returned only when the policy binding verifies under it.
 */
final class KeyUnwrapper {

    private final UnwrappedKeyCache cache;

    KeyUnwrapper(UnwrappedKeyCache cache) {
        this.cache = cache;
    }

    /**
     * The key of this KAS that {@code kao} is wrapped to — after its url names this KAS and its kid
     * (or, when it names none, the active key of its algorithm) is held by the realm's key set. No
     * private-key operation happens here.
     */
    KasKey locate(Caller caller, KeyAccessObject kao) throws KasFailure {
        if (!caller.names(kao.url())) {
            throw new KasFailure(KasFailure.Kind.WRONG_KAS, "key access object url " + SafeText.of(kao.url()) + " is not "
                    + caller.kasUrl());
        }
        return key(caller, kao);
    }

    /**
     * The 256-bit key {@code kao} wraps to {@code key}, returned only when it is bound to
     * {@code policyBody}; the caller zeroes it after use. An undecryptable key and a wrong binding are
     * one failure, after the same work (no padding or binding oracle).
     */
    byte[] unwrap(Caller caller, KasKey key, KeyAccessObject kao, String policyBody) throws KasFailure {
        return unwrap(caller, key, kao, policyBody, RewrapSpans.NONE);
    }

    /** As {@link #unwrap(Caller, KasKey, KeyAccessObject, String)}, the key provider's operation in a span of {@code spans}. */
    byte[] unwrap(Caller caller, KasKey key, KeyAccessObject kao, String policyBody, RewrapSpans spans) throws KasFailure {
        String cacheId = UnwrappedKeyCache.id(key.kid(), kao.wrappedKey(), kao.ephemeralPublicKey());
        Optional<byte[]> cached = cache.get(cacheId);
        byte[] dataKey = cached.isPresent() ? cached.get() : spans.in("dive.kas.key_provider", () -> decrypt(caller, key, kao));
        if (dataKey.length != 32 || !kao.policyBinding().matches(dataKey, policyBody)) {
            Arrays.fill(dataKey, (byte) 0);
            throw KasFailure.tampered(KasFailure.Tamper.BINDING_MISMATCH, "policy binding mismatch (or not a 256-bit key)");
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
            key = found.orElseThrow(() -> new KasFailure(KasFailure.Kind.UNKNOWN_KEY, "kid '" + SafeText.of(kao.kid())
                    + "' unknown to the key set of " + caller.keyProviderId()));
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
            throw KasFailure.tampered(KasFailure.Tamper.UNWRAP_FAILED, "unwrap failed: " + e.getMessage());
        }
    }
}
