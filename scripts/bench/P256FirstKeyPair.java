import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * The part of a dive-ztdf decrypt that is the JDK's alone, measured in a fresh JVM (scripts/bin/ztdf-bench
 * runs it with the launcher's JVM options): the first EC P-256 key pair, which on JDK 25 includes
 * building the curve's generator tables, then a second key pair, an ES256 signature and an ECDH, as
 * the decrypt's client key does. Prints milliseconds: "first-key-pair N second-key-pair N sign N ecdh N".
 * With the argument {@code sign} or {@code ecdh}, that operation comes first, with a fixed test key
 * parsed from its encoding (no key pair made): "first-sign N then-key-pair N ..." / "first-ecdh N ...", which shows
 * that any first P-256 operation pays for the tables.
 */
public final class P256FirstKeyPair {

    /** A throw-away P-256 test key (PKCS#8) and its public half (X.509), used for nothing else. */
    private static final String TEST_PRIVATE = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgTaD8Kppm9viuAsHm2EaTvzf/niE5fXXn2Js/vvOv20ehRANCAAQWXnNg"
            + "B/1JSLKBG/wYnixww2/LY9SA/oQ74WaWX2l0EVRKam8mdb0gq3J2VOidbtbJUl2+YGKJG0cO2O5qHfL+";
    private static final String TEST_PUBLIC = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFl5zYAf9SUiygRv8GJ4scMNvy2PUgP6EO+Fmll9pdBFUSmpvJnW9IKtydlTonW7W"
            + "yVJdvmBiiRtHDtjuah3y/g==";

    private P256FirstKeyPair() {
    }

    public static void main(String[] args) throws Exception {
        String first = args.length > 0 ? args[0] : "key-pair";
        KeyFactory factory = KeyFactory.getInstance("EC");
        PrivateKey testPrivate = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(TEST_PRIVATE)));
        PublicKey testPublic = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(TEST_PUBLIC)));
        StringBuilder out = new StringBuilder();
        long start = System.nanoTime();
        if ("sign".equals(first)) {
            sign(testPrivate);
        } else if ("ecdh".equals(first)) {
            ecdh(testPrivate, testPublic);
        }
        long firstDone = System.nanoTime();
        if (!"key-pair".equals(first)) {
            out.append("first-").append(first).append(' ').append(ms(start, firstDone)).append(' ');
        }
        KeyPair pair = pair();
        long pairDone = System.nanoTime();
        KeyPair second = pair();
        long secondDone = System.nanoTime();
        sign(pair.getPrivate());
        long signed = System.nanoTime();
        ecdh(pair.getPrivate(), second.getPublic());
        long agreed = System.nanoTime();
        System.out.println(out + ("key-pair".equals(first) ? "first-key-pair " : "then-key-pair ") + ms(firstDone, pairDone) + " second-key-pair " + ms(pairDone, secondDone)
                + " sign " + ms(secondDone, signed) + " ecdh " + ms(signed, agreed));
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static void sign(PrivateKey key) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(new byte[512]);
        signature.sign();
    }

    private static void ecdh(PrivateKey own, PublicKey peer) throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own);
        agreement.doPhase(peer, true);
        agreement.generateSecret();
    }

    private static String ms(long from, long to) {
        return String.valueOf(Math.round((to - from) / 1e5) / 10.0);
    }
}
