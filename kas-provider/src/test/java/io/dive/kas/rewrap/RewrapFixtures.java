package io.dive.kas.rewrap;

import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KasKeySet;
import io.dive.kas.keys.KeyProviderException;
import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import io.dive.ztdf.KasRecipient;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapper;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.SignedRequestToken;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** What the rewrap step tests share: KAS keys held in memory, files for them, a caller, OPA answers. */
final class RewrapFixtures {

    static final String KAS_URL = "http://kas.test/realms/r/kas";
    static final KeyPair RSA = keyPair(KeyAlgorithm.RSA_2048);
    static final KeyPair EC = keyPair(KeyAlgorithm.EC_P256);
    static final KasKey RSA_KEY = new KasKey("rsa-1", KeyAlgorithm.RSA_2048, RSA.getPublic(), KeyWrapping.OaepHash.SHA1, true);
    static final KasKey EC_KEY = new KasKey("ec-1", KeyAlgorithm.EC_P256, EC.getPublic(), null, true);
    private static final long AUTH_TIME = Instant.now().getEpochSecond();
    static final Decision PERMIT = new Decision(true, List.of(), List.of(), Decision.Source.OPA, null);

    private RewrapFixtures() {
    }

    static KeyPair keyPair(KeyAlgorithm algorithm) {
        try {
            return algorithm.newKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Decision deny(String code) {
        return new Decision(false, List.of(new Decision.Reason(code, "m")), List.of(), Decision.Source.OPA, null);
    }

    /** The two KAS keys in memory; {@code unwraps} counts the RSA decryptions the "HSM" did. */
    static KasKeySet keys(AtomicInteger unwraps) {
        return new KasKeySet() {
            @Override
            public List<KasKey> keys() {
                return List.of(RSA_KEY, EC_KEY);
            }

            @Override
            public byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException {
                unwraps.incrementAndGet();
                try {
                    return KeyWrapping.rsaOaepUnwrap(RSA.getPrivate(), key.oaepHash(), wrappedKey);
                } catch (Exception e) {
                    throw KeyProviderException.rejected("unwrap", e);
                }
            }

            @Override
            public byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException {
                try {
                    return KeyWrapping.ecdh(EC.getPrivate(), peer);
                } catch (Exception e) {
                    throw KeyProviderException.rejected("ecdh", e);
                }
            }

            @Override
            public Map<String, Object> health() {
                return Map.of("status", "UP");
            }
        };
    }

    static Requester requester() {
        return new Requester("http://kas.test/realms/r", "u@usa", "sub-1", "dive-demo", "jti-1", new DecisionInput.Subject("u@usa", "SECRET", null, null,
                "USA", List.of(), null, "2", List.of("pwd", "otp"), AUTH_TIME, "http://kas.test/realms/r"));
    }

    static Caller caller(KasKeySet keys) {
        return new Caller("r", requester(), KAS_URL, "127.0.0.1", "test", keys);
    }

    /** A policy, its data key and a key access object for it. */
    record File(String policy, byte[] dataKey, KeyAccessObject kao) {
        File with(KeyAccessObject changed) {
            return new File(policy, dataKey, changed);
        }
    }

    static String policy() {
        return new PolicyObject("p-1", new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA",
                "2026-01-01T00:00:00Z")).toBase64();
    }

    static File file(KasKey kasKey) throws Exception {
        String policy = policy();
        byte[] dataKey = new byte[32];
        new SecureRandom().nextBytes(dataKey);
        KeyWrapper wrapper = kasKey == RSA_KEY ? KeyWrapper.rsaOaep(RSA.getPublic(), KeyWrapping.OaepHash.SHA1)
                : KeyWrapper.ecWrapped(EC.getPublic());
        return new File(policy, dataKey, KeyAccessObject.wrap(new KasRecipient(KAS_URL, kasKey.kid(), "", wrapper), dataKey, policy));
    }

    /** The rewrap body for {@code files}' objects, naming {@code client}'s key, signed by {@code signer} at {@code issuedAt}. */
    static String envelope(KeyPair client, KeyPair signer, Instant issuedAt, File... files) throws Exception {
        return SignedRequestToken.sign(RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.of(client.getPublic()),
                files[0].policy(), java.util.Arrays.stream(files).map(File::kao).toList()), signer.getPrivate(), issuedAt);
    }

    static String envelope(KeyPair client, File file) throws Exception {
        return envelope(client, client, Instant.now(), file);
    }
}
