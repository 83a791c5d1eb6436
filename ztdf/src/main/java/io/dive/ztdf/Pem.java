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
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // Try the next algorithm.
            }
        }
        throw new GeneralSecurityException("the public key is neither an RSA nor an EC SubjectPublicKeyInfo");
    }
}
