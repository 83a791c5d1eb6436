package io.dive.kas;

import io.dive.kas.dpop.DpopBinding;
import io.dive.kas.dpop.DpopRefusal;
import io.dive.kas.dpop.ReplayGuard;
import io.dive.kas.rewrap.KasFailure;
import io.dive.kas.rewrap.Requester;
import io.dive.redis.RedisProvider;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import io.dive.model.CoalitionClaims;
import io.dive.model.SafeText;
import io.dive.opa.DecisionInput;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.AsymmetricSignatureVerifierContext;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.jose.jws.JWSHeader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.TokenUtil;

/**
 * Verifies the bearer token of a KAS request as Keycloak does — signature with the realm's keys,
 * issuer (this realm under {@link KasAddress}, never the request's Host), type {@code Bearer},
 * expiry — or, for an allow-listed federated issuer, against that issuer's JWKS. The token must be
 * issued to one of the realm's DIVE clients ({@code dive.kas.audience}), and a token of a realm of
 * this Keycloak must belong to a live session ({@link SessionCheck}). A DPoP-bound token
 * ({@code cnf.jkt}) must come with a DPoP proof ({@link DpopBinding}). Decisions use the verified
 * claims alone.
 */
final class AccessTokenVerifier {

    /**
     * A verified caller.
     *
     * @param requestSigner the key the signed request token must be signed with: the DPoP key of a
     *     DPoP-bound token; null for a Bearer token (then the token's own {@code clientPublicKey})
     */
    record Authenticated(Requester requester, PublicKey requestSigner) {
    }

    private final FederatedJwks federated;
    private final RealmSigningKeys realmKeys = new RealmSigningKeys();
    private final Duration dpopWindow;
    private final Clock clock;

    AccessTokenVerifier(FederatedJwks federated, Duration dpopWindow, Clock clock) {
        this.federated = federated;
        this.dpopWindow = dpopWindow;
        this.clock = clock;
    }

    /** True when {@code azp} or {@code aud} (a string or an array) names one of {@code audience}. */
    static boolean addressedTo(JsonWebToken token, List<String> audience) {
        // List.of(...).contains(null) throws: absent claims are checked first.
        return token.getIssuedFor() != null && audience.contains(token.getIssuedFor()) || token.getAudience() != null
                && Arrays.stream(token.getAudience()).anyMatch(aud -> aud != null && audience.contains(aud));
    }

    /** The verified token's holder: issuer, audit subject ({@code uniqueID}, else {@code sub}), ids, OPA subject. */
    static Requester requester(JsonWebToken token) {
        // DIVE's claims are the token's other claims; acr, auth_time and sid are fields of an IDToken
        // (an AccessToken), other claims of a plain JsonWebToken. Read in place: converting the whole
        // token to a map cost a serialization and a parse per rewrap.
        Map<String, Object> claims = token.getOtherClaims();
        IDToken id = token instanceof IDToken idToken ? idToken : null;
        String uniqueId = text(claims, CoalitionClaims.UNIQUE_ID);
        Object authTime = id != null ? id.getAuth_time() : claims.get(IDToken.AUTH_TIME);
        DecisionInput.Subject subject = new DecisionInput.Subject(uniqueId, text(claims, CoalitionClaims.CLEARANCE),
                text(claims, CoalitionClaims.CLEARANCE_ORIGINAL), text(claims, CoalitionClaims.CLEARANCE_COUNTRY),
                text(claims, CoalitionClaims.COUNTRY_OF_AFFILIATION), strings(claims, CoalitionClaims.ACP_COI),
                text(claims, CoalitionClaims.ORGANIZATION_TYPE), id != null ? id.getAcr() : text(claims, IDToken.ACR),
                strings(claims, "amr"), authTime instanceof Number number ? number.longValue() : null, token.getIssuer(),
                text(claims, CoalitionClaims.CLEARANCE_STATUS), text(claims, CoalitionClaims.IDP));
        return new Requester(token.getIssuer(), uniqueId != null ? uniqueId : token.getSubject(), token.getSubject(),
                token.getIssuedFor(), token.getId(), subject, id != null ? id.getSessionId() : text(claims, IDToken.SESSION_ID));
    }

    private static String text(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String value ? value : null;
    }

    private static List<String> strings(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof List<?> values ? values.stream().map(String::valueOf).toList() : null;
    }

    /**
     * @param presentation how the request sent its token; null when its Authorization header is neither Bearer nor DPoP
     * @param method the request's HTTP method, and {@code urls} its public URLs (for a DPoP proof)
     * @throws DpopRefusal when the token and the way it was presented do not fit (DPoP)
     */
    Authenticated verify(KeycloakSession session, RealmModel realm, KasRealmSettings settings, KasAddress address,
            DpopBinding.Presentation presentation, String method, List<String> urls) throws KasFailure, DpopRefusal {
        if (presentation == null) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "no bearer or DPoP token in the Authorization header");
        }
        AccessToken verified = verifiedToken(session, realm, settings, address, presentation.token());
        String bound = verified.getConfirmation() == null ? null : verified.getConfirmation().getKeyThumbprint();
        PublicKey signer = new DpopBinding(ReplayGuard.redis(session.getProvider(RedisProvider.class)), dpopWindow, clock)
                .requestSigner(presentation, bound, method, urls);
        return new Authenticated(requester(verified), signer);
    }

    private AccessToken verifiedToken(KeycloakSession session, RealmModel realm, KasRealmSettings settings, KasAddress address,
            String token) throws KasFailure {
        try {
            TokenVerifier<AccessToken> verifier = TokenVerifier.create(token, AccessToken.class);
            JWSHeader header = verifier.getHeader();
            String issuer = verifier.getToken().getIssuer();
            SignatureVerifierContext context;
            Optional<RealmModel> sessionRealm;
            if (address.issuer(realm.getName()).equals(issuer)) {
                SignatureProvider provider = header.getAlgorithm() == null ? null
                        : session.getProvider(SignatureProvider.class, header.getAlgorithm().name());
                if (provider == null || !provider.isAsymmetricAlgorithm()) {
                    throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "unsupported token algorithm " + header.getAlgorithm());
                }
                KeyWrapper key = realmKeys.key(session, realm, header.getKeyId(), header.getAlgorithm().name());
                if (key == null) {
                    throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token rejected: no signing key "
                            + SafeText.of(header.getKeyId()) + " in realm " + realm.getName());
                }
                context = provider.verifier(key);
                sessionRealm = Optional.of(realm);
            } else if (issuer != null && settings.trustedIssuers().contains(issuer)) {
                Optional<KeyWrapper> key = federated.signingKey(issuer, String.valueOf(header.getKeyId()));
                if (key.isEmpty()) {
                    throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "no signing key " + SafeText.of(header.getKeyId())
                            + " at " + issuer);
                }
                context = new AsymmetricSignatureVerifierContext(key.get());
                // A trusted issuer that is a realm of this Keycloak: its sessions are checked too.
                sessionRealm = address.localRealm(issuer).map(name -> session.realms().getRealmByName(name));
            } else {
                throw new KasFailure(KasFailure.Kind.UNTRUSTED_ISSUER, "issuer " + SafeText.of(issuer) + " is not this realm ("
                        + address.issuer(realm.getName()) + ") and not in " + KasRealmSettings.TRUSTED_ISSUERS);
            }
            AccessToken verified = verifier.verifierContext(context).withChecks(new TokenVerifier.RealmUrlCheck(issuer),
                    new TokenVerifier.TokenTypeCheck(List.of(TokenUtil.TOKEN_TYPE_BEARER, TokenUtil.TOKEN_TYPE_DPOP)),
                    TokenVerifier.IS_ACTIVE).verify()
                    .getToken();
            if (!addressedTo(verified, settings.audience())) {
                throw new KasFailure(KasFailure.Kind.WRONG_AUDIENCE, "token of client " + SafeText.of(verified.getIssuedFor())
                        + ": aud/azp names none of " + settings.audience());
            }
            if (sessionRealm.isPresent()) {
                SessionCheck.requireLive(session, sessionRealm.get(), verified, settings.audience());
            }
            return verified;
        } catch (VerificationException e) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token rejected: " + SafeText.of(e.getMessage(), 500));
        } catch (KasFailure e) {
            throw e;
        } catch (Exception e) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token unreadable: " + e.getClass().getSimpleName());
        }
    }
}
