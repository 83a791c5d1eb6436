package io.dive.mappers;

import io.dive.model.AuthenticationAssurance;
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
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Emits {@code amr} from the {@code acr} Keycloak has put into the token, by the one assurance
 * mapping ({@link AuthenticationAssurance}): "1" → ["pwd"], "2" → ["pwd","otp"],
 * "3" → ["pwd","hwk"]. Runs after Keycloak's acr mapper (higher priority number); without an acr,
 * or with one outside the mapping, no amr is claimed.
 *
 * <p>Also makes sure {@code auth_time} is there: Keycloak 26.7.3 puts it into browser-flow tokens
 * but not into password-grant ones, and the DIVE policies deny a subject without it
 * ({@code NOT_AUTHENTICATED}). It comes from the session's {@code AUTH_TIME} note, else from the
 * session's start — the moment that password grant authenticated.
 */
public final class AmrMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "dive-amr-mapper";
    public static final String CLAIM = "amr";
    /** Keycloak's user-session note with the authentication time (AuthenticationManager.AUTH_TIME). */
    static final String AUTH_TIME_NOTE = "AUTH_TIME";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG_PROPERTIES, AmrMapper.class);
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
        return "DIVE: amr from acr";
    }

    @Override
    public String getHelpText() {
        return "Adds amr (pwd, otp, hwk) derived from the token's acr by the DIVE assurance mapping: "
                + "1 = pwd, 2 = pwd + otp, 3 = pwd + hwk; and auth_time when Keycloak left it out (password grant).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    /** After Keycloak's acr mapper (priority 0), which sets the value this one reads. */
    @Override
    public int getPriority() {
        return 100;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        AuthenticationAssurance.fromAcr(token.getAcr())
                .ifPresent(assurance -> token.getOtherClaims().put(CLAIM, assurance.amr()));
        if (token.getAuth_time() == null && userSession != null) {
            token.setAuth_time(authTime(userSession));
        }
    }

    static long authTime(UserSessionModel userSession) {
        String note = userSession.getNote(AUTH_TIME_NOTE);
        if (note != null) {
            try {
                return Long.parseLong(note);
            } catch (NumberFormatException e) {
                // Fall back to the session start.
            }
        }
        return userSession.getStarted();
    }
}
