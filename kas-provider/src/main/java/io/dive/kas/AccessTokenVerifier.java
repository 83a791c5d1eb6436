package io.dive.kas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A verified access token: its issuer and its claims as JSON. */
    record VerifiedToken(String issuer, JsonNode claims) {
    }

    private final FederatedJwks federated;

    /** True when {@code aud} (a string or an array) or {@code azp} names {@code audience}. */
    static boolean addressedTo(JsonNode claims, String audience) {
        JsonNode aud = claims.path("aud");
        if (aud.isTextual() && aud.asText().equals(audience) || audience.equals(claims.path("azp").asText(null))) {
            return true;
        }
        if (aud.isArray()) {
            for (JsonNode value : aud) {
                if (audience.equals(value.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    AccessTokenVerifier(FederatedJwks federated) {
        this.federated = federated;
    }

    VerifiedToken verify(KeycloakSession session, RealmModel realm, KasRealmSettings settings, String authorization)
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
            verifier.verifierContext(context).withChecks(new TokenVerifier.RealmUrlCheck(issuer),
                    new TokenVerifier.TokenTypeCheck(List.of(TokenUtil.TOKEN_TYPE_BEARER)), TokenVerifier.IS_ACTIVE).verify();
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            if (settings.audience() != null && !addressedTo(claims, settings.audience())) {
                throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token aud/azp does not name " + settings.audience());
            }
            return new VerifiedToken(issuer, claims);
        } catch (VerificationException e) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token rejected: " + e.getMessage());
        } catch (KasFailure e) {
            throw e;
        } catch (Exception e) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token unreadable: " + e.getClass().getSimpleName());
        }
    }
}
