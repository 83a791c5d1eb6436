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
}
