package io.dive.kas.rewrap;

import io.dive.ztdf.FastEc;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * Step 4: released keys wrapped to the client's key — RSA-OAEP with SHA-1 (as OpenTDF clients
 * expect) to an RSA key; to an EC key, AES-256-GCM under ECDH with one session key per response,
 * whose public half is returned as {@code sessionPublicKey}. The session key serves one ECDH with
 * one client key, so {@link FastEc} makes and uses it (BouncyCastle in Keycloak, several times cheaper
 * than JDK 17's SunEC), and every key access object of the response is sealed under the one
 * wrapping key derived from it (each with its own nonce).
 */
final class Rewrapper implements AutoCloseable {

    private final PublicKey clientKey;
    private final KeyPair session;
    private byte[] wrappingKey;

    private Rewrapper(PublicKey clientKey, KeyPair session) {
        this.clientKey = clientKey;
        this.session = session;
    }

    /** The wrapping to {@code clientKey} for one response (an EC client key gets a fresh session key). */
    static Rewrapper forClient(PublicKey clientKey) throws KasFailure {
        if (!(clientKey instanceof ECPublicKey)) {
            return new Rewrapper(clientKey, null);
        }
        try {
            return new Rewrapper(clientKey, KeyWrapping.newEcKeyPair(FastEc.provider()));
        } catch (GeneralSecurityException e) {
            throw new KasFailure(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE, "cannot make a session key: " + e.getMessage());
        }
    }

    /** The PEM session key for an EC client; null for an RSA client. */
    String sessionPublicKey() {
        return session == null ? null : Pem.publicKey(session.getPublic());
    }

    byte[] wrap(byte[] dataKey) throws KasFailure {
        try {
            if (clientKey instanceof RSAPublicKey) {
                return KeyWrapping.rsaOaepWrap(clientKey, KeyWrapping.OaepHash.SHA1, dataKey);
            }
            if (wrappingKey == null) { // on first use, so that a failure is the key access object's, as any other
                wrappingKey = KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(session.getPrivate(), clientKey, FastEc.provider()));
            }
            return KeyWrapping.seal(wrappingKey, dataKey);
        } catch (GeneralSecurityException e) {
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "cannot wrap to the client key: " + e.getMessage());
        }
    }

    /** Forgets the wrapping key once the response is built. */
    @Override
    public void close() {
        if (wrappingKey != null) {
            Arrays.fill(wrappingKey, (byte) 0);
        }
    }
}
