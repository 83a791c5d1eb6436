package io.dive.mappers;

import io.dive.model.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Base of the DIVE OIDC mappers: each reads user attributes, normalizes them with the coalition
 * model and adds claims. Keycloak's include-in-token switches (ID token, access token, lightweight
 * access token, userinfo, introspection) decide where the claims go.
 *
 * <p>A value that does not normalize is never replaced by a default: its claim is left out and a
 * warning names the realm, the user and the offending value.
 */
abstract class CoalitionClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    private static final Logger LOG = Logger.getLogger("io.dive.mappers");

    private final List<ProviderConfigProperty> configProperties = new ArrayList<>();
    private final String id;
    private final String displayType;
    private final String helpText;

    CoalitionClaimMapper(String id, String displayType, String helpText) {
        this.id = id;
        this.displayType = displayType;
        this.helpText = helpText;
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(configProperties, getClass());
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getDisplayType() {
        return displayType;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    /** Adds this mapper's claims for {@code user}; reports values that do not normalize to {@code rejected}. */
    abstract void addClaims(UserModel user, Map<String, Object> claims, RejectedValues rejected);

    /** Collects values that were left out, for one warning each. */
    interface RejectedValues {
        void reject(String attribute, String value, String reason);
    }

    @Override
    public final String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return configProperties;
    }

    @Override
    protected final void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        RealmModel realm = userSession.getRealm();
        addClaims(user, token.getOtherClaims(), (attribute, value, reason) -> LOG.warnf(
                "DIVE claim omitted: realm=%s user=%s (id %s) attribute %s value '%s' %s",
                realm.getName(), SafeText.of(user.getUsername()), user.getId(), attribute, SafeText.of(value), reason));
    }

    /**
     * Copies one single-valued attribute into a claim when {@code normalize} accepts it (returns
     * non-null); otherwise reports it with {@code reason}. No attribute, no claim, no report.
     */
    static void putNormalized(UserModel user, String attribute, String claim, java.util.function.UnaryOperator<String> normalize,
            String reason, Map<String, Object> claims, RejectedValues rejected) {
        String value = single(user, attribute);
        if (value == null) {
            return;
        }
        String normalized = normalize.apply(value);
        if (normalized != null) {
            claims.put(claim, normalized);
        } else {
            rejected.reject(attribute, value, reason);
        }
    }

    static String single(UserModel user, String attribute) {
        String value = user.getFirstAttribute(attribute);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
