package io.dive.kas.dpop;

import io.dive.model.SafeText;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The rule between an access token and the way it is presented. A token bound to a key
 * ({@code cnf.jkt}) must come as {@code Authorization: DPoP} with a proof by that key, each proof
 * used once; its key is then the one the signed request token must be signed with. A token bound
 * to no key comes as {@code Bearer} (then the signed request token must verify with its own
 * {@code clientPublicKey}, as before). Anything else is refused with what to send instead.
 */
public final class DpopBinding {

    /** How a request presented its token: the Authorization scheme, the token and the DPoP header. */
    public record Presentation(String scheme, String token, String proof) {

        /** {@code Authorization: Bearer|DPoP <token>}; null when the header is neither. */
        public static Presentation of(String authorization, String proof) {
            if (authorization == null) {
                return null;
            }
            for (String scheme : List.of("Bearer", "DPoP")) {
                if (authorization.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
                    return new Presentation(scheme, authorization.substring(scheme.length() + 1).trim(), proof);
                }
            }
            return null;
        }

        public boolean dpop() {
            return "DPoP".equals(scheme);
        }
    }

    private final ReplayGuard replays;
    private final Duration window;
    private final Clock clock;

    /** @param window how far a proof's {@code iat} may be from now; proofs are remembered twice as long */
    public DpopBinding(ReplayGuard replays, Duration window, Clock clock) {
        this.replays = replays;
        this.window = window;
        this.clock = clock;
    }

    /**
     * The key the signed request token must be signed with: the DPoP key for a DPoP-bound token
     * presented with a valid, fresh proof; null for a token bound to no key presented as Bearer.
     *
     * @param boundThumbprint the verified token's {@code cnf.jkt}, or null
     * @param method the request's method
     * @param urls the public URLs of this request (the proof's {@code htu} must be one)
     */
    public PublicKey requestSigner(Presentation presentation, String boundThumbprint, String method, List<String> urls)
            throws DpopRefusal {
        if (!presentation.dpop()) {
            if (boundThumbprint != null) {
                throw DpopRefusal.of("this access token is DPoP-bound (cnf.jkt): send it as 'Authorization: DPoP <token>' "
                        + "with a DPoP proof header signed by its key");
            }
            if (presentation.proof() != null) {
                throw DpopRefusal.of("a DPoP header came with a Bearer token: send 'Authorization: DPoP <token>' with a "
                        + "DPoP-bound token, or drop the DPoP header");
            }
            return null;
        }
        if (boundThumbprint == null) {
            throw DpopRefusal.of("this access token is not DPoP-bound (no cnf.jkt): send it as 'Authorization: Bearer "
                    + "<token>', or get a DPoP-bound token (a client that requires DPoP, a DPoP proof at the token endpoint)");
        }
        DpopProof proof = DpopProof.verify(presentation.proof(), method, urls, presentation.token(), clock.instant(), window);
        if (!proof.thumbprint().equals(boundThumbprint)) {
            throw DpopRefusal.of("the DPoP proof is signed by key " + SafeText.of(proof.thumbprint(), 64)
                    + ", not by the key the access token is bound to (cnf.jkt): sign proofs with the token's key");
        }
        if (!replays.firstUse(proof.thumbprint(), proof.jti(), window.multipliedBy(2))) {
            throw DpopRefusal.of("this DPoP proof (jti) was used before: make a fresh proof for every request");
        }
        return proof.key();
    }
}
