package io.dive.ztdf;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM encoding of public keys (SubjectPublicKeyInfo, {@code -----BEGIN PUBLIC KEY-----}). */
public final class Pem {

    private static final int MAX_PEM_CHARS = 16 * 1024;

    private Pem() {
    }

    public static String publicKey(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * Parses an RSA or EC public key from PEM (or a certificate-free base64 SPKI).
     *
     * @throws GeneralSecurityException with a message fit for a client when the text is no such key
     */
    public static PublicKey parsePublicKey(String pem) throws GeneralSecurityException {
        if (pem == null || pem.isBlank()) {
            throw new GeneralSecurityException("the public key is missing");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new GeneralSecurityException("the public key is too long");
        }
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        if (body.contains("-----")) {
            throw new GeneralSecurityException("the public key must be a PEM 'PUBLIC KEY' (SubjectPublicKeyInfo)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the public key is not valid base64");
        }
        // The key's own algorithm first: an EC key offered to the RSA factory makes the JDK try every
        // other provider's RSA factory in turn, loading all of them (SunPKCS11, LDAP, ...), before it fails.
        String named = algorithmOf(der);
        for (String algorithm : named == null ? new String[] {"RSA", "EC"} : new String[] {named}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // Try the next algorithm.
            }
        }
        throw new GeneralSecurityException("the public key is neither an RSA nor an EC SubjectPublicKeyInfo");
    }

    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    /**
     * "RSA" or "EC" by the OID that opens a SubjectPublicKeyInfo's AlgorithmIdentifier
     * ({@code SEQUENCE { SEQUENCE { OID ...} ...}}), or null when the DER is not of that shape: then
     * both factories are tried, as before.
     */
    static String algorithmOf(byte[] der) {
        int at = skipHeader(der, 0);
        at = at < 0 ? -1 : skipHeader(der, at);
        if (at < 0) {
            return null;
        }
        if (startsWith(der, at, RSA_ENCRYPTION)) {
            return "RSA";
        }
        return startsWith(der, at, EC_PUBLIC_KEY) ? "EC" : null;
    }

    /** The offset after a SEQUENCE's tag and length at {@code at}, or -1. */
    private static int skipHeader(byte[] der, int at) {
        if (at + 2 > der.length || der[at] != 0x30) {
            return -1;
        }
        int length = der[at + 1] & 0xff;
        return length < 0x80 ? at + 2 : length <= 0x84 ? at + 2 + (length & 0x7f) : -1;
    }

    private static boolean startsWith(byte[] der, int at, byte[] prefix) {
        return at + prefix.length <= der.length
                && java.util.Arrays.equals(der, at, at + prefix.length, prefix, 0, prefix.length);
    }
}
