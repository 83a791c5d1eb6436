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
 * warning names the realm, the user and the offending value. A value that is kept but outdated (a
 * legacy clearance marking) is warned about once per login, i.e. once per user session, however many
 * tokens the session issues.
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

    /** Adds this mapper's claims for {@code user}; reports values that do not normalize to {@code warnings}. */
    abstract void addClaims(UserModel user, Map<String, Object> claims, AttributeWarnings warnings);

    /** What the administrator is told about a user's attribute values. */
    interface AttributeWarnings {
        /** A value that was left out of the token: one warning each time. */
        void omitted(String attribute, String value, String reason);

        /** A value that was used but should be re-issued: one warning per login. */
        void legacy(String attribute, String value, String reason);
    }

    /** User-session note: this session's legacy values have been warned about. */
    static final String LEGACY_WARNED_NOTE = "dive.legacy.warned";

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
        addClaims(user, token.getOtherClaims(), new AttributeWarnings() {
            @Override
            public void omitted(String attribute, String value, String reason) {
                LOG.warnf("DIVE claim omitted: realm=%s user=%s (id %s) attribute %s value '%s' %s",
                        realm.getName(), SafeText.of(user.getUsername()), user.getId(), attribute, SafeText.of(value), reason);
            }

            @Override
            public void legacy(String attribute, String value, String reason) {
                // The ID token, access token and userinfo of one login share the session: warn once.
                if (userSession.getNote(LEGACY_WARNED_NOTE) == null) {
                    userSession.setNote(LEGACY_WARNED_NOTE, "true");
                    LOG.warnf("DIVE legacy value: realm=%s user=%s (id %s) attribute %s value '%s' %s",
                            realm.getName(), SafeText.of(user.getUsername()), user.getId(), attribute, SafeText.of(value), reason);
                }
            }
        });
    }

    /**
     * Copies one single-valued attribute into a claim when {@code normalize} accepts it (returns
     * non-null); otherwise reports it with {@code reason}. No attribute, no claim, no report.
     */
    static void putNormalized(UserModel user, String attribute, String claim, java.util.function.UnaryOperator<String> normalize,
            String reason, Map<String, Object> claims, AttributeWarnings warnings) {
        String value = single(user, attribute);
        if (value == null) {
            return;
        }
        String normalized = normalize.apply(value);
        if (normalized != null) {
            claims.put(claim, normalized);
        } else {
            warnings.omitted(attribute, value, reason);
        }
    }

    static String single(UserModel user, String attribute) {
        String value = user.getFirstAttribute(attribute);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
