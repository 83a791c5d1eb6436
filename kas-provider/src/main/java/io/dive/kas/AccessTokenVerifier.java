package io.dive.kas;

import io.dive.kas.rewrap.KasFailure;
import io.dive.kas.rewrap.Requester;
import io.dive.model.CoalitionClaims;
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
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;
import org.keycloak.util.TokenUtil;

/**
 * Verifies the bearer token of a KAS request as Keycloak does — signature with the realm's keys,
 * issuer, type {@code Bearer}, expiry — or, for an allow-listed federated issuer, against that
 * issuer's JWKS. Decisions use the verified claims alone: no user or session lookup.
 */
final class AccessTokenVerifier {

    private final FederatedJwks federated;

    AccessTokenVerifier(FederatedJwks federated) {
        this.federated = federated;
    }

    /** True when {@code aud} (a string or an array) or {@code azp} names {@code audience}. */
    static boolean addressedTo(JsonWebToken token, String audience) {
        return audience.equals(token.getIssuedFor())
                || token.getAudience() != null && Arrays.asList(token.getAudience()).contains(audience);
    }

    /** The verified token's holder: issuer, audit subject ({@code uniqueID}, else {@code sub}) and OPA subject. */
    static Requester requester(JsonWebToken token) {
        Map<String, Object> claims = token.getOtherClaims();
        String uniqueId = text(claims, CoalitionClaims.UNIQUE_ID);
        Object authTime = claims.get("auth_time");
        DecisionInput.Subject subject = new DecisionInput.Subject(uniqueId, text(claims, CoalitionClaims.CLEARANCE),
                text(claims, CoalitionClaims.CLEARANCE_ORIGINAL), text(claims, CoalitionClaims.CLEARANCE_COUNTRY),
                text(claims, CoalitionClaims.COUNTRY_OF_AFFILIATION), strings(claims, CoalitionClaims.ACP_COI),
                text(claims, CoalitionClaims.ORGANIZATION_TYPE), text(claims, "acr"), strings(claims, "amr"),
                authTime instanceof Number number ? number.longValue() : null, token.getIssuer(),
                text(claims, CoalitionClaims.CLEARANCE_STATUS));
        return new Requester(token.getIssuer(), uniqueId != null ? uniqueId : token.getSubject(), subject);
    }

    private static String text(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String value ? value : null;
    }

    private static List<String> strings(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof List<?> values ? values.stream().map(String::valueOf).toList() : null;
    }

    Requester verify(KeycloakSession session, RealmModel realm, KasRealmSettings settings, String authorization)
            throws KasFailure {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "no bearer token in the Authorization header");
        }
        String token = authorization.substring(7).trim();
        try {
            TokenVerifier<JsonWebToken> verifier = TokenVerifier.create(token, JsonWebToken.class);
            JWSHeader header = verifier.getHeader();
            String issuer = verifier.getToken().getIssuer();
            String ownIssuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
            SignatureVerifierContext context;
            if (ownIssuer.equals(issuer)) {
                SignatureProvider provider = header.getAlgorithm() == null ? null
                        : session.getProvider(SignatureProvider.class, header.getAlgorithm().name());
                if (provider == null || !provider.isAsymmetricAlgorithm()) {
                    throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "unsupported token algorithm " + header.getAlgorithm());
                }
                context = provider.verifier(header.getKeyId());
            } else if (issuer != null && settings.trustedIssuers().contains(issuer)) {
                Optional<KeyWrapper> key = federated.signingKey(issuer, String.valueOf(header.getKeyId()));
                if (key.isEmpty()) {
                    throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "no signing key " + header.getKeyId() + " at " + issuer);
                }
                context = new AsymmetricSignatureVerifierContext(key.get());
            } else {
                throw new KasFailure(KasFailure.Kind.UNTRUSTED_ISSUER, "issuer " + issuer + " is not this realm and not in "
                        + KasRealmSettings.TRUSTED_ISSUERS);
            }
            JsonWebToken verified = verifier.verifierContext(context).withChecks(new TokenVerifier.RealmUrlCheck(issuer),
                    new TokenVerifier.TokenTypeCheck(List.of(TokenUtil.TOKEN_TYPE_BEARER)), TokenVerifier.IS_ACTIVE).verify()
                    .getToken();
            if (settings.audience() != null && !addressedTo(verified, settings.audience())) {
                throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token aud/azp does not name " + settings.audience());
            }
            return requester(verified);
        } catch (VerificationException e) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token rejected: " + e.getMessage());
        } catch (KasFailure e) {
            throw e;
        } catch (Exception e) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token unreadable: " + e.getClass().getSimpleName());
        }
    }
}
