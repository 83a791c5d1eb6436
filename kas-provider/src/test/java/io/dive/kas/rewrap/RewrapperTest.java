package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class RewrapperTest {

    private static final byte[] DATA_KEY = new byte[32];

    @Test
    void anRsaClientGetsRsaOaepWithSha1AndNoSessionKey() throws Exception {
        KeyPair client = RewrapFixtures.keyPair(KeyAlgorithm.RSA_2048);
        Rewrapper rewrapper = Rewrapper.forClient(client.getPublic());
        assertThat(rewrapper.sessionPublicKey()).isNull();
        assertThat(KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1, rewrapper.wrap(DATA_KEY)))
                .isEqualTo(DATA_KEY);
    }

    @Test
    void anEcClientOpensWithTheSessionKeyOfItsResponse() throws Exception {
        KeyPair client = RewrapFixtures.keyPair(KeyAlgorithm.EC_P256);
        Rewrapper rewrapper = Rewrapper.forClient(client.getPublic());
        byte[] wrapped = rewrapper.wrap(DATA_KEY);
        byte[] wrappingKey = KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(client.getPrivate(),
                Pem.parsePublicKey(rewrapper.sessionPublicKey())));
        assertThat(KeyWrapping.open(wrappingKey, wrapped)).isEqualTo(DATA_KEY);
        assertThat(Rewrapper.forClient(client.getPublic()).sessionPublicKey()).isNotEqualTo(rewrapper.sessionPublicKey());
    }

    @Test
    void everyKeyAccessObjectOfAResponseOpensUnderItsOneSessionKeyWithItsOwnNonce() throws Exception {
        KeyPair client = RewrapFixtures.keyPair(KeyAlgorithm.EC_P256);
        byte[] other = new byte[32];
        other[0] = 7;
        try (Rewrapper rewrapper = Rewrapper.forClient(client.getPublic())) {
            byte[] first = rewrapper.wrap(DATA_KEY);
            byte[] second = rewrapper.wrap(other);
            byte[] wrappingKey = KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(client.getPrivate(),
                    Pem.parsePublicKey(rewrapper.sessionPublicKey())));
            assertThat(KeyWrapping.open(wrappingKey, first)).isEqualTo(DATA_KEY);
            assertThat(KeyWrapping.open(wrappingKey, second)).isEqualTo(other);
            assertThat(java.util.Arrays.copyOf(first, 12)).isNotEqualTo(java.util.Arrays.copyOf(second, 12));
        }
    }
}
