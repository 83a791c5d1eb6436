import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyAgreement;

/**
 * The part of a dive-ztdf decrypt that is the JDK's alone, measured in a fresh JVM (scripts/bin/ztdf-bench
 * runs it with the launcher's JVM options): the first EC P-256 key pair, which on JDK 25 includes
 * building the curve's generator tables (any first P-256 operation pays it: key pair, ECDSA or ECDH),
 * then a second key pair, an ES256 signature and an ECDH, as the decrypt's client key does. Prints
 * milliseconds: "first-key-pair N second-key-pair N sign N ecdh N".
 */
public final class P256FirstKeyPair {

    private P256FirstKeyPair() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        KeyPair first = pair();
        long firstDone = System.nanoTime();
        KeyPair second = pair();
        long secondDone = System.nanoTime();
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(first.getPrivate());
        signature.update(new byte[512]);
        signature.sign();
        long signed = System.nanoTime();
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(first.getPrivate());
        agreement.doPhase(second.getPublic(), true);
        agreement.generateSecret();
        long agreed = System.nanoTime();
        System.out.println("first-key-pair " + ms(start, firstDone) + " second-key-pair " + ms(firstDone, secondDone)
                + " sign " + ms(secondDone, signed) + " ecdh " + ms(signed, agreed));
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String ms(long from, long to) {
        return String.valueOf(Math.round((to - from) / 1e5) / 10.0);
    }
}
