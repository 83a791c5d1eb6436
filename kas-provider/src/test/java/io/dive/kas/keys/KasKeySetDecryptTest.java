package io.dive.kas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapper;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The unwrap operation every key set gets from its two primitives (RSA-OAEP decryption, ECDH). */
class KasKeySetDecryptTest {

    private static final byte[] DATA_KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final KeyPair rsa = pair(KeyAlgorithm.RSA_2048);
    private final KeyPair ec = pair(KeyAlgorithm.EC_P256);
    private final KasKey rsaKey = new KasKey("rsa", KeyAlgorithm.RSA_2048, rsa.getPublic(), KeyWrapping.OaepHash.SHA1, true);
    private final KasKey ecKey = new KasKey("ec", KeyAlgorithm.EC_P256, ec.getPublic(), null, true);
    private final AtomicInteger agreements = new AtomicInteger();

    private static KeyPair pair(KeyAlgorithm algorithm) {
        try {
            return algorithm.newKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final KasKeySet provider = new KasKeySet() {
        @Override
        public List<KasKey> keys() {
            return List.of(rsaKey, ecKey);
        }

        @Override
        public byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException {
            try {
                return KeyWrapping.rsaOaepUnwrap(rsa.getPrivate(), key.oaepHash(), wrappedKey);
            } catch (Exception e) {
                throw KeyProviderException.rejected("unwrap", e);
            }
        }

        @Override
        public byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException {
            agreements.incrementAndGet();
            try {
                return KeyWrapping.ecdh(ec.getPrivate(), peer);
            } catch (Exception e) {
                throw KeyProviderException.rejected("ecdh", e);
            }
        }

        @Override
        public Map<String, Object> health() {
            return Map.of();
        }
    };

    @Test
    void wrappedAndEcWrappedKeysDecrypt() throws Exception {
        KeyWrapper.Wrapped byRsa = KeyWrapper.rsaOaep(rsa.getPublic(), KeyWrapping.OaepHash.SHA1).wrap(DATA_KEY);
        assertThat(provider.decrypt(rsaKey, byRsa.wrappedKey(), null)).isEqualTo(DATA_KEY);
        KeyWrapper.Wrapped byEc = KeyWrapper.ecWrapped(ec.getPublic()).wrap(DATA_KEY);
        assertThat(provider.decrypt(ecKey, byEc.wrappedKey(), Pem.parsePublicKey(byEc.ephemeralPublicKey()))).isEqualTo(DATA_KEY);
    }

    @Test
    void anEphemeralKeyOffP256IsRefusedBeforeAnyPrivateKeyOperation() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        PublicKey p384 = generator.generateKeyPair().getPublic();
        assertThatThrownBy(() -> provider.decrypt(ecKey, new byte[60], p384)).isInstanceOfSatisfying(KeyProviderException.class,
                e -> assertThat(e.unavailable()).isFalse());
        assertThat(agreements.get()).isZero();
        KeyWrapper.Wrapped byEc = KeyWrapper.ecWrapped(ec.getPublic()).wrap(DATA_KEY);
        byte[] tampered = byEc.wrappedKey().clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> provider.decrypt(ecKey, tampered, Pem.parsePublicKey(byEc.ephemeralPublicKey())))
                .isInstanceOf(KeyProviderException.class).hasMessageContaining("unwrap failed");
    }
}
