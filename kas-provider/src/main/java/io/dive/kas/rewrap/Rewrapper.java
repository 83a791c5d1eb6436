package io.dive.kas.rewrap;

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
 * whose public half is returned as {@code sessionPublicKey}.
 */
final class Rewrapper {

    private final PublicKey clientKey;
    private final KeyPair session;

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
            return new Rewrapper(clientKey, KeyWrapping.newEcKeyPair());
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
            byte[] wrappingKey = KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(session.getPrivate(), clientKey));
            try {
                return KeyWrapping.seal(wrappingKey, dataKey);
            } finally {
                Arrays.fill(wrappingKey, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "cannot wrap to the client key: " + e.getMessage());
        }
    }
}
