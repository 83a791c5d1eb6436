package io.dive.ztdf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key wrapping of OpenTDF, shared by the writer, the KAS and the client so that there is one
 * implementation of each scheme: RSA-OAEP ({@code wrapped}) and ECDH + HKDF-SHA256 + AES-256-GCM
 * ({@code ec-wrapped}, and the rewrap to an EC client key).
 */
public final class KeyWrapping {

    /** The OAEP digest (also for MGF1). OpenTDF SDKs use SHA-1; Google Cloud KMS keys use SHA-256. */
    public enum OaepHash {
        SHA1("SHA-1", MGF1ParameterSpec.SHA1, "RSA-OAEP"),
        SHA256("SHA-256", MGF1ParameterSpec.SHA256, "RSA-OAEP-256");

        private final String digest;
        private final MGF1ParameterSpec mgf;
        private final String jwkAlg;

        OaepHash(String digest, MGF1ParameterSpec mgf, String jwkAlg) {
            this.digest = digest;
            this.mgf = mgf;
            this.jwkAlg = jwkAlg;
        }

        /** The JOSE name: {@code RSA-OAEP} (SHA-1) or {@code RSA-OAEP-256}. */
        public String jwkAlg() {
            return jwkAlg;
        }

        public static OaepHash fromJwkAlg(String alg) {
            for (OaepHash hash : values()) {
                if (hash.jwkAlg.equals(alg)) {
                    return hash;
                }
            }
            throw new IllegalArgumentException("unknown RSA wrapping algorithm '" + alg + "' (RSA-OAEP or RSA-OAEP-256)");
        }

        OAEPParameterSpec spec() {
            return new OAEPParameterSpec(digest, "MGF1", mgf, PSource.PSpecified.DEFAULT);
        }
    }

    /** OpenTDF's HKDF salt: SHA-256("TDF"). */
    private static final byte[] HKDF_SALT = Crypto.sha256("TDF".getBytes(StandardCharsets.US_ASCII));
    private static final int GCM_NONCE = 12;
    private static final int GCM_TAG_BITS = 128;

    private KeyWrapping() {
    }

    public static byte[] rsaOaepWrap(PublicKey key, OaepHash hash, byte[] secret) throws GeneralSecurityException {
        requireRsa(key);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, hash.spec());
        return cipher.doFinal(secret);
    }

    public static byte[] rsaOaepUnwrap(PrivateKey key, OaepHash hash, byte[] wrapped) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, hash.spec());
        return cipher.doFinal(wrapped);
    }

    /**
     * EME-OAEP decoding (RFC 8017 §7.1.2 steps 3–4) of a raw RSA result, for HSMs that offer raw RSA
     * (CKM_RSA_X_509) but no OAEP mechanism. Every check runs in constant time with respect to the
     * padding; any defect is one generic failure.
     *
     * @param encoded the raw RSA decryption result, left-padded to the modulus length
     */
    public static byte[] oaepDecode(byte[] encoded, int modulusBytes, OaepHash hash) throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance(hash.digest);
        int hLen = digest.getDigestLength();
        if (encoded.length > modulusBytes || modulusBytes < 2 * hLen + 2) {
            throw new GeneralSecurityException("decryption error");
        }
        byte[] em = new byte[modulusBytes];
        System.arraycopy(encoded, 0, em, modulusBytes - encoded.length, encoded.length);
        byte[] maskedSeed = Arrays.copyOfRange(em, 1, 1 + hLen);
        byte[] maskedDb = Arrays.copyOfRange(em, 1 + hLen, modulusBytes);
        byte[] seed = xor(maskedSeed, mgf1(digest, maskedDb, hLen));
        byte[] db = xor(maskedDb, mgf1(digest, seed, maskedDb.length));
        byte[] lHash = digest.digest(new byte[0]);
        int bad = em[0] & 0xff;
        for (int i = 0; i < hLen; i++) {
            bad |= (db[i] ^ lHash[i]) & 0xff;
        }
        // Find the 0x01 separator without branching on secret data.
        int index = 0;
        int looking = 1;
        for (int i = hLen; i < db.length; i++) {
            int b = db[i] & 0xff;
            int isOne = ((b ^ 1) - 1) >>> 31;   // 1 when b == 1
            int isZero = (b - 1) >>> 31;         // 1 when b == 0
            index |= (looking & isOne) * i;
            bad |= looking & (1 - isOne) & (1 - isZero);
            looking &= 1 - isOne;
        }
        bad |= looking;
        try {
            if (bad != 0) {
                throw new GeneralSecurityException("decryption error");
            }
            return Arrays.copyOfRange(db, index + 1, db.length);
        } finally {
            Arrays.fill(em, (byte) 0);
            Arrays.fill(db, (byte) 0);
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(maskedDb, (byte) 0);
        }
    }

    private static byte[] mgf1(MessageDigest digest, byte[] seed, int length) {
        byte[] out = new byte[length];
        int done = 0;
        for (int counter = 0; done < length; counter++) {
            digest.update(seed);
            digest.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            byte[] block = digest.digest();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** A fresh P-256 key pair (an ephemeral or a session key) from the JDK's provider. */
    public static KeyPair newEcKeyPair() throws GeneralSecurityException {
        return newEcKeyPair(null);
    }

    /**
     * A fresh P-256 key pair from {@code provider} (null: the JDK's default); {@link FastEc#provider()}
     * only for a key used in one exchange, then with {@link #ecdh(PrivateKey, PublicKey, Provider)}.
     */
    public static KeyPair newEcKeyPair(Provider provider) throws GeneralSecurityException {
        KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC")
                : KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** The ECDH shared secret Z, computed by the JDK's provider (constant time: for long-term keys). */
    public static byte[] ecdh(PrivateKey own, PublicKey peer) throws GeneralSecurityException {
        return ecdh(own, peer, null);
    }

    /**
     * The ECDH shared secret Z computed by {@code provider} (null: the JDK's default). The caller
     * checks {@code peer} ({@link #requireP256Point}) where it comes from a client; the provider
     * refuses off-curve points too.
     */
    public static byte[] ecdh(PrivateKey own, PublicKey peer, Provider provider) throws GeneralSecurityException {
        if (!(peer instanceof ECPublicKey)) {
            throw new GeneralSecurityException("the peer key is not an EC key");
        }
        KeyAgreement agreement = provider == null ? KeyAgreement.getInstance("ECDH") : KeyAgreement.getInstance("ECDH", provider);
        agreement.init(own);
        try {
            agreement.doPhase(peer, true);
        } catch (IllegalArgumentException e) { // BouncyCastle's word for an off-curve point
            throw new java.security.InvalidKeyException("the peer key is not a valid P-256 point");
        }
        return agreement.generateSecret();
    }

    /** The AES-256 wrapping key from an ECDH secret: HKDF-SHA256(salt = SHA-256("TDF"), no info). */
    public static byte[] deriveWrappingKey(byte[] sharedSecret) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HKDF_SALT, "HmacSHA256"));
        byte[] prk = mac.doFinal(sharedSecret);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update((byte) 1);
        byte[] okm = mac.doFinal();
        Arrays.fill(prk, (byte) 0);
        return okm;
    }

    /** {@code nonce || ciphertext || tag} of {@code secret} under a derived wrapping key. */
    public static byte[] seal(byte[] wrappingKey, byte[] secret) throws GeneralSecurityException {
        byte[] nonce = Crypto.random(GCM_NONCE);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(wrappingKey, "AES"), new GCMParameterSpec(GCM_TAG_BITS, nonce));
        byte[] sealed = cipher.doFinal(secret);
        byte[] out = new byte[GCM_NONCE + sealed.length];
        System.arraycopy(nonce, 0, out, 0, GCM_NONCE);
        System.arraycopy(sealed, 0, out, GCM_NONCE, sealed.length);
        return out;
    }

    public static byte[] open(byte[] wrappingKey, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < GCM_NONCE + GCM_TAG_BITS / 8) {
            throw new GeneralSecurityException("wrapped key too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(wrappingKey, "AES"),
                new GCMParameterSpec(GCM_TAG_BITS, sealed, 0, GCM_NONCE));
        return cipher.doFinal(sealed, GCM_NONCE, sealed.length - GCM_NONCE);
    }

    private static final java.math.BigInteger P256_P = new java.math.BigInteger(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final java.math.BigInteger P256_B = new java.math.BigInteger(
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    private static final java.math.BigInteger P256_N = new java.math.BigInteger(
            "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    /**
     * Checks that {@code key} is a P-256 public key whose point lies on the curve (y² = x³ − 3x + b
     * mod p, coordinates in range): ECDH with an attacker's off-curve point can leak the private key.
     */
    public static void requireP256Point(PublicKey key) throws GeneralSecurityException {
        if (!(key instanceof ECPublicKey ec)) {
            throw new GeneralSecurityException("not an EC public key");
        }
        java.security.spec.ECParameterSpec params = ec.getParams();
        if (!(params.getCurve().getField() instanceof java.security.spec.ECFieldFp field) || !field.getP().equals(P256_P)
                || !params.getCurve().getB().equals(P256_B) || !params.getOrder().equals(P256_N)) {
            throw new GeneralSecurityException("the EC key is not on P-256");
        }
        java.math.BigInteger x = ec.getW().getAffineX();
        java.math.BigInteger y = ec.getW().getAffineY();
        if (x == null || y == null || x.signum() < 0 || y.signum() < 0 || x.compareTo(P256_P) >= 0 || y.compareTo(P256_P) >= 0) {
            throw new GeneralSecurityException("the EC point is out of range");
        }
        java.math.BigInteger left = y.multiply(y).mod(P256_P);
        java.math.BigInteger right = x.pow(3).subtract(x.multiply(java.math.BigInteger.valueOf(3))).add(P256_B).mod(P256_P);
        if (!left.equals(right)) {
            throw new GeneralSecurityException("the EC point is not on P-256");
        }
    }

    /** The size in bytes of an RSA key's modulus. */
    public static int modulusBytes(RSAPublicKey key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    private static void requireRsa(PublicKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPublicKey)) {
            throw new GeneralSecurityException("not an RSA key");
        }
    }
}
