package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.model.JsonTree;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyWrappingTest {

    private static KeyPair rsa;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
    }

    /** What an HSM with only CKM_RSA_X_509 returns: c^d mod n, left-padded. */
    private static byte[] rawRsa(byte[] ciphertext) {
        RSAPrivateKey key = (RSAPrivateKey) rsa.getPrivate();
        byte[] raw = new BigInteger(1, ciphertext).modPow(key.getPrivateExponent(), key.getModulus()).toByteArray();
        return raw[0] == 0 ? java.util.Arrays.copyOfRange(raw, 1, raw.length) : raw;
    }

    @ParameterizedTest
    @EnumSource(KeyWrapping.OaepHash.class)
    void oaepDecodingOfARawRsaResultRecoversWhatTheJdkWrapped(KeyWrapping.OaepHash hash) throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] secret = Crypto.random(32);
            byte[] wrapped = KeyWrapping.rsaOaepWrap(rsa.getPublic(), hash, secret);
            byte[] decoded = KeyWrapping.oaepDecode(rawRsa(wrapped), KeyWrapping.modulusBytes((RSAPublicKey) rsa.getPublic()), hash);
            assertThat(decoded).isEqualTo(secret);
            assertThat(KeyWrapping.rsaOaepUnwrap(rsa.getPrivate(), hash, wrapped)).isEqualTo(secret);
        }
    }

    @Test
    void oaepDecodingRejectsTheWrongHashAndGarbage() throws Exception {
        byte[] wrapped = KeyWrapping.rsaOaepWrap(rsa.getPublic(), KeyWrapping.OaepHash.SHA1, Crypto.random(32));
        assertThatThrownBy(() -> KeyWrapping.oaepDecode(rawRsa(wrapped), 256, KeyWrapping.OaepHash.SHA256))
                .isInstanceOf(GeneralSecurityException.class).hasMessage("decryption error");
        assertThatThrownBy(() -> KeyWrapping.oaepDecode(Crypto.random(256), 256, KeyWrapping.OaepHash.SHA1))
                .isInstanceOf(GeneralSecurityException.class).hasMessage("decryption error");
    }

    @Test
    void ecWrappingRoundTripsThroughTheKasSideDerivation() throws Exception {
        KeyPair kas = KeyWrapping.newEcKeyPair();
        byte[] dataKey = Crypto.random(32);
        KeyWrapper.Wrapped wrapped = KeyWrapper.ecWrapped(kas.getPublic()).wrap(dataKey);
        byte[] secret = KeyWrapping.ecdh(kas.getPrivate(), Pem.parsePublicKey(wrapped.ephemeralPublicKey()));
        assertThat(KeyWrapping.open(KeyWrapping.deriveWrappingKey(secret), wrapped.wrappedKey())).isEqualTo(dataKey);
        byte[] otherSecret = KeyWrapping.ecdh(KeyWrapping.newEcKeyPair().getPrivate(), Pem.parsePublicKey(wrapped.ephemeralPublicKey()));
        assertThatThrownBy(() -> KeyWrapping.open(KeyWrapping.deriveWrappingKey(otherSecret), wrapped.wrappedKey()))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void pemRoundTripsRsaAndEcAndRejectsGarbage() throws Exception {
        KeyPair ec = KeyWrapping.newEcKeyPair();
        assertThat(Pem.parsePublicKey(Pem.publicKey(rsa.getPublic()))).isEqualTo(rsa.getPublic());
        assertThat(Pem.parsePublicKey(Pem.publicKey(ec.getPublic()))).isEqualTo(ec.getPublic());
        assertThatThrownBy(() -> Pem.parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("neither an RSA nor an EC");
        assertThatThrownBy(() -> Pem.parsePublicKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .hasMessageContaining("PUBLIC KEY");
        assertThatThrownBy(() -> Pem.parsePublicKey(" ")).hasMessageContaining("missing");
    }

    @Test
    void theKeyFactoryIsChosenByTheKeysOwnAlgorithmIdentifier() throws Exception {
        KeyPair ec = KeyWrapping.newEcKeyPair();
        assertThat(Pem.algorithmOf(rsa.getPublic().getEncoded())).isEqualTo("RSA");
        assertThat(Pem.algorithmOf(ec.getPublic().getEncoded())).isEqualTo("EC");
        assertThat(Pem.algorithmOf(new byte[] {0x30, 0x03, 0x30, 0x01, 0x05})).isNull();
        assertThat(Pem.algorithmOf(new byte[] {0x30})).isNull();
        assertThat(Pem.algorithmOf(new byte[0])).isNull();
        // A DER that is not of that shape still goes to both factories and gets their refusal.
        assertThatThrownBy(() -> Pem.parsePublicKey("-----BEGIN PUBLIC KEY-----\nMAMwAQU=\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("neither an RSA nor an EC");
    }

    @Test
    void jwsVerifiesWithTheSigningKeyOnly() throws Exception {
        KeyPair ec = KeyWrapping.newEcKeyPair();
        for (KeyPair pair : new KeyPair[] {rsa, ec}) {
            String token = Jws.sign(pair.getPrivate(), JsonTree.object().put("requestBody", "{}").put("exp", 1));
            assertThat(Jws.verify(token, pair.getPublic()).payload().path("requestBody").asText()).isEqualTo("{}");
        }
        String byEc = Jws.sign(ec.getPrivate(), JsonTree.object().put("a", 1));
        assertThatThrownBy(() -> Jws.verify(byEc, KeyWrapping.newEcKeyPair().getPublic()))
                .hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Jws.verify(byEc, rsa.getPublic())).hasMessageContaining("does not fit");
        String[] parts = byEc.split("\\.");
        String none = Crypto.base64Url("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertThatThrownBy(() -> Jws.verify(none, ec.getPublic())).hasMessageContaining("'none'");
        assertThatThrownBy(() -> Jws.verify("a.b", ec.getPublic())).hasMessageContaining("three");
    }

    @Test
    void hs256JwsHasAFixedHeaderAndVerifiesUnderItsKeyOnly() throws Exception {
        byte[] key = new byte[32];
        String token = Jws.signHs256(key, JsonTree.object().put("assertionHash", "h"));
        assertThat(token.split("\\.")[0]).isEqualTo(Crypto.base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes()));
        assertThat(Jws.verifyHs256(token, key).payload().path("assertionHash").asText()).isEqualTo("h");
        assertThatThrownBy(() -> Jws.verifyHs256(token, new byte[] {1})).hasMessageContaining("does not verify");
        String byEc = Jws.sign(KeyWrapping.newEcKeyPair().getPrivate(), JsonTree.object().put("a", 1));
        assertThatThrownBy(() -> Jws.verifyHs256(byEc, key)).hasMessageContaining("not HS256");
        assertThatThrownBy(() -> Jws.verify(token, rsa.getPublic())).hasMessageContaining("does not fit");
    }

    @Test
    void thePolicyObjectCarriesTheWholeLabel() throws Exception {
        SecurityLabel label = new SecurityLabel("SECRET", java.util.List.of("USA", "GBR"), java.util.List.of("FVEY"),
                java.util.List.of("NOFORN"), "USA", "2026-11-22T10:00:00Z");
        PolicyObject parsed = PolicyObject.parse(new PolicyObject("p-1", label).toBase64());
        assertThat(parsed).isEqualTo(new PolicyObject("p-1", label));
    }

    @Test
    void foreignOrIncompletePoliciesAreRejected() {
        String foreign = java.util.Base64.getEncoder().encodeToString(
                "{\"uuid\":\"u\",\"body\":{\"dataAttributes\":[{\"attribute\":\"https://x/attr/a/value/b\"}]}}".getBytes());
        assertThatThrownBy(() -> PolicyObject.parse(foreign)).hasMessageContaining("cannot evaluate");
        String noLevel = java.util.Base64.getEncoder().encodeToString(
                "{\"uuid\":\"u\",\"body\":{\"dataAttributes\":[]}}".getBytes());
        assertThatThrownBy(() -> PolicyObject.parse(noLevel)).hasMessageContaining("exactly one classification");
        assertThatThrownBy(() -> PolicyObject.parse("%%%")).hasMessageContaining("not base64 JSON");
    }
}
