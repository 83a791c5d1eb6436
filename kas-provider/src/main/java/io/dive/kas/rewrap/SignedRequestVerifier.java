package io.dive.kas.rewrap;

import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.ZtdfException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;

/**
 * Step 1 of the rewrap: the signed request token. It must be signed by the very key it names in
 * {@code clientPublicKey} (the key released keys are wrapped to) — or, for a DPoP-bound token, by
 * the DPoP key — be current, and ask for a bounded amount of work.
 */
final class SignedRequestVerifier {

    static final int MAX_REQUESTS = 100;
    static final int MAX_KEY_ACCESS_OBJECTS = 100;
    static final long MAX_LIFETIME_SECONDS = 600;

    /** A request whose signed request token verified, and the client key it names. */
    record VerifiedRequest(PublicKey clientKey, RewrapRequest request) {
    }

    private final Duration clockSkew;
    private final Clock clock;
    /** A client sends its key with every request of its session: decoded once (the signature is verified every time). */
    private final ParsedOnce<PublicKey> clientKeys = new ParsedOnce<>(4_096, 1_024);

    SignedRequestVerifier(Duration clockSkew, Clock clock) {
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    VerifiedRequest verify(String body) throws KasFailure {
        return verify(body, null);
    }

    /** @param signer the key the token must be signed with; null: the {@code clientPublicKey} it names */
    VerifiedRequest verify(String body, PublicKey signer) throws KasFailure {
        PublicKey clientKey;
        SignedRequestToken.Verified verified;
        try {
            // The body names the key that must have signed it: read it first, trust it only after.
            SignedRequestToken token = SignedRequestToken.read(body);
            clientKey = clientKeys.get(token.request().clientPublicKey(), Pem::parsePublicKey);
            if (clientKey instanceof ECPublicKey) {
                KeyWrapping.requireP256Point(clientKey);
            }
            if (clientKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
                throw KasFailure.malformed("clientPublicKey: client RSA keys must be 2048 bits or more");
            }
            verified = token.verify(signer != null ? signer : clientKey);
        } catch (GeneralSecurityException e) {
            throw new KasFailure(KasFailure.Kind.INVALID_SIGNED_REQUEST, e.getMessage());
        } catch (ZtdfException e) {
            throw KasFailure.malformed(e.getMessage());
        }
        requireCurrent(verified);
        requireBounded(verified.request());
        return new VerifiedRequest(clientKey, verified.request());
    }

    private void requireCurrent(SignedRequestToken.Verified token) throws KasFailure {
        long now = clock.instant().getEpochSecond();
        long skew = clockSkew.toSeconds();
        if (token.expiresAt() == null || token.expiresAt() + skew < now) {
            throw new KasFailure(KasFailure.Kind.INVALID_SIGNED_REQUEST, "signed request token expired or without exp");
        }
        if (token.issuedAt() == null || token.issuedAt() - skew > now || token.expiresAt() - token.issuedAt() > MAX_LIFETIME_SECONDS) {
            throw new KasFailure(KasFailure.Kind.INVALID_SIGNED_REQUEST,
                    "signed request token without iat, iat in the future, or lifetime over " + MAX_LIFETIME_SECONDS + " s");
        }
    }

    /** Every key access object may cost an HSM/KMS operation: bound the work one request can cause. */
    private static void requireBounded(RewrapRequest request) throws KasFailure {
        if (request.requests().isEmpty() || request.requests().size() > MAX_REQUESTS) {
            throw KasFailure.malformed("requests must be an array of 1.." + MAX_REQUESTS);
        }
        if (request.keyAccessObjectCount() > MAX_KEY_ACCESS_OBJECTS) {
            throw KasFailure.malformed("at most " + MAX_KEY_ACCESS_OBJECTS + " key access objects per request, got "
                    + request.keyAccessObjectCount());
        }
        for (int i = 0; i < request.requests().size(); i++) {
            if (request.requests().get(i).keyAccessObjects().isEmpty()) {
                throw KasFailure.malformed("requests[" + i + "].keyAccessObjects must hold 1.." + MAX_KEY_ACCESS_OBJECTS);
            }
        }
    }
}
