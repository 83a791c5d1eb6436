package io.dive.mappers;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
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
 * Emits the coalition-wide {@code uniqueID} claim from the user's {@value #UNIQUE_ID_ATTRIBUTE}
 * attribute. A user without one gets no claim: a resource server must never see an invented identity.
 */
public final class UniqueIdMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "dive-unique-id-mapper";
    public static final String UNIQUE_ID_ATTRIBUTE = "uniqueID";
    public static final String CLAIM_NAME = "uniqueID";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG_PROPERTIES, UniqueIdMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "DIVE: uniqueID";
    }

    @Override
    public String getHelpText() {
        return "Adds the coalition uniqueID claim from the user's uniqueID attribute; omitted when the user has none.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String uniqueId = userSession.getUser().getFirstAttribute(UNIQUE_ID_ATTRIBUTE);
        if (uniqueId != null && !uniqueId.isBlank()) {
            token.getOtherClaims().put(CLAIM_NAME, uniqueId);
        }
    }
}
