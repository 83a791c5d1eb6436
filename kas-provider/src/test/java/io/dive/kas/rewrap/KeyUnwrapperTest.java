package io.dive.kas.rewrap;

import static io.dive.kas.rewrap.RewrapFixtures.EC_KEY;
import static io.dive.kas.rewrap.RewrapFixtures.KAS_URL;
import static io.dive.kas.rewrap.RewrapFixtures.RSA_KEY;
import static io.dive.kas.rewrap.RewrapFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KasKeySet;
import io.dive.kas.keys.KeyProviderException;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.PolicyBinding;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyUnwrapperTest {

    private final AtomicInteger unwraps = new AtomicInteger();
    private final Caller caller = RewrapFixtures.caller(RewrapFixtures.keys(unwraps));
    private final UnwrappedKeyCache cache = new UnwrappedKeyCache(Duration.ofSeconds(30), 100, Clock.systemUTC());
    private final KeyUnwrapper unwrapper = new KeyUnwrapper(cache);

    /** Both halves, as the pipeline runs them for a permitted policy. */
    private byte[] unwrap(Caller who, KeyAccessObject kao, String policy) throws KasFailure {
        return unwrapper.unwrap(who, unwrapper.locate(who, kao), kao, policy);
    }

    private KasFailure.Kind refusal(Caller who, KeyAccessObject kao, String policy) {
        try {
            unwrap(who, kao, policy);
        } catch (KasFailure e) {
            return e.kind();
        }
        throw new AssertionError("unwrapped");
    }

    @Test
    void rsaAndEcObjectsYieldTheirDataKeyThroughTheKeyProvider() throws Exception {
        for (KasKey key : List.of(RSA_KEY, EC_KEY)) {
            RewrapFixtures.File file = file(key);
            assertThat(unwrap(caller, file.kao(), file.policy())).isEqualTo(file.dataKey());
        }
        RewrapFixtures.File slash = file(RSA_KEY);
        assertThat(unwrap(caller, slash.kao().withUrl(KAS_URL + "/"), slash.policy())).isEqualTo(slash.dataKey());
    }

    @Test
    void onlyKeysWhoseBindingVerifiedAreCachedAndACachedKeyCostsNoUnwrap() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        KeyAccessObject forged = file.kao().withPolicyBinding(new PolicyBinding("HS256", Base64.getEncoder().encodeToString(new byte[32])));
        assertThat(refusal(caller, forged, file.policy())).isEqualTo(KasFailure.Kind.BAD_REQUEST);
        assertThat(cache.size()).isZero();
        unwrap(caller, file.kao(), file.policy());
        unwrap(caller, file.kao(), file.policy());
        assertThat(unwraps.get()).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(1);
        // A changed policy is refused even when the key comes from the cache.
        assertThat(refusal(caller, file.kao(), RewrapFixtures.policy().replace("A", "B"))).isEqualTo(KasFailure.Kind.BAD_REQUEST);
    }

    @Test
    void objectsForAnotherKasAnUnknownKidOrTheWrongAlgorithmAreRefused() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        assertThat(refusal(caller, file.kao().withUrl("http://other/kas"), file.policy())).isEqualTo(KasFailure.Kind.WRONG_KAS);
        assertThat(refusal(caller, file.kao().withKid("rsa-404"), file.policy())).isEqualTo(KasFailure.Kind.UNKNOWN_KEY);
        assertThat(refusal(caller, file.kao().withKid(EC_KEY.kid()), file.policy())).isEqualTo(KasFailure.Kind.BAD_REQUEST);
        assertThat(refusal(caller, file.kao().withWrappedKey("%%%"), file.policy())).isEqualTo(KasFailure.Kind.BAD_REQUEST);
        assertThat(unwraps.get()).isZero();
        // No kid: the active key of the object's algorithm.
        assertThat(unwrap(caller, file.kao().withKid(""), file.policy())).isEqualTo(file.dataKey());
    }

    @Test
    void anEcObjectWithoutAUsableEphemeralKeyIsABadRequest() throws Exception {
        RewrapFixtures.File file = file(EC_KEY);
        KeyAccessObject kao = file.kao();
        KeyAccessObject without = new KeyAccessObject(kao.type(), kao.url(), kao.protocol(), kao.wrappedKey(), kao.policyBinding(),
                kao.kid(), kao.sid(), null, null);
        assertThat(refusal(caller, without, file.policy())).isEqualTo(KasFailure.Kind.BAD_REQUEST);
    }

    @Test
    void aKeyProviderThatIsDownIsUnavailableNotABadRequest() throws Exception {
        KasKeySet down = new KasKeySet() {
            @Override
            public List<KasKey> keys() throws KeyProviderException {
                throw KeyProviderException.unavailable("HSM down", null);
            }

            @Override
            public byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException {
                throw KeyProviderException.unavailable("HSM down", null);
            }

            @Override
            public byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException {
                throw KeyProviderException.unavailable("HSM down", null);
            }

            @Override
            public Map<String, Object> health() {
                return Map.of("status", "DOWN");
            }
        };
        RewrapFixtures.File file = file(RSA_KEY);
        assertThat(refusal(RewrapFixtures.caller(down), file.kao(), file.policy())).isEqualTo(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE);
    }

    @Test
    void theCacheIsBoundedAndEvictsTheEldest() {
        UnwrappedKeyCache small = new UnwrappedKeyCache(Duration.ofSeconds(30), 2, Clock.systemUTC());
        small.put("a", new byte[] {1});
        small.put("b", new byte[] {2});
        small.put("c", new byte[] {3});
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.get("a")).isEmpty();
        assertThat(small.get("c")).contains(new byte[] {3});
    }
}
