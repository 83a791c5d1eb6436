package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.model.JsonTree;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With BouncyCastle registered (as in Keycloak): the EC paths that use it agree with the JDK and refuse the same. */
class FastEcTest {

    @BeforeAll
    static void register() {
        Security.addProvider(new BouncyCastleProvider());
    }

    @AfterAll
    static void unregister() {
        Security.removeProvider(FastEc.BOUNCY_CASTLE);
    }

    @Test
    void bouncyCastleIsUsedOnlyWhenRegistered() throws Exception {
        assertThat(FastEc.provider().getName()).isEqualTo("BC");
        assertThat(KeyWrapping.newEcKeyPair(FastEc.provider()).getPrivate().getClass().getName()).startsWith("org.bouncycastle.");
        assertThat(KeyWrapping.newEcKeyPair().getPrivate().getClass().getName()).doesNotStartWith("org.bouncycastle.");
        Security.removeProvider(FastEc.BOUNCY_CASTLE);
        try {
            assertThat(FastEc.provider()).isNull();
        } finally {
            register();
        }
    }

    @Test
    void es256VerifiesAJdkSignatureAndRefusesATamperedOneOrAnotherKey() throws Exception {
        KeyPair signer = KeyWrapping.newEcKeyPair();
        PublicKey parsed = Pem.parsePublicKey(Pem.publicKey(signer.getPublic()));
        String token = Jws.sign(signer.getPrivate(), JsonTree.object().put("iat", 1L));
        assertThat(Jws.verify(token, parsed).payload().path("iat").asLong()).isEqualTo(1L);
        String[] parts = token.split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[5] ^= 1;
        String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        assertThatThrownBy(() -> Jws.verify(tampered, parsed)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Jws.verify(token, KeyWrapping.newEcKeyPair().getPublic()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("does not verify");
        String zeros = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertThatThrownBy(() -> Jws.verify(zeros, parsed)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aSessionKeyOfBouncyCastleAgreesWithAJdkClientAndRefusesAnOffCurvePeer() throws Exception {
        KeyPair client = KeyWrapping.newEcKeyPair();
        KeyPair session = KeyWrapping.newEcKeyPair(FastEc.provider());
        PublicKey sessionSeenByClient = Pem.parsePublicKey(Pem.publicKey(session.getPublic()));
        KeyWrapping.requireP256Point(sessionSeenByClient);
        assertThat(KeyWrapping.ecdh(session.getPrivate(), client.getPublic(), FastEc.provider()))
                .isEqualTo(KeyWrapping.ecdh(client.getPrivate(), sessionSeenByClient));
        ECPublicKey valid = (ECPublicKey) client.getPublic();
        ECPoint off = new ECPoint(valid.getW().getAffineX(), valid.getW().getAffineY().add(BigInteger.ONE));
        PublicKey offCurve = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(off, valid.getParams()));
        assertThatThrownBy(() -> KeyWrapping.requireP256Point(offCurve)).hasMessageContaining("not on P-256");
        assertThatThrownBy(() -> KeyWrapping.ecdh(session.getPrivate(), offCurve, FastEc.provider()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("not a valid P-256 point");
        String token = Jws.sign(client.getPrivate(), JsonTree.object().put("iat", 1L));
        assertThatThrownBy(() -> Jws.verify(token, offCurve)).isInstanceOf(GeneralSecurityException.class);
    }
}
