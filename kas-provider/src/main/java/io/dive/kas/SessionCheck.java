package io.dive.kas;

import io.dive.kas.rewrap.KasFailure;
import io.dive.model.SafeText;
import java.util.List;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.UserSessionUtil;

/**
 * Keys follow live sessions: a token of a realm of this Keycloak gets a key only while Keycloak
 * itself would still honour it — not revoked, issued to an enabled client, its session ({@code sid},
 * online or offline) active and started before the token, its user enabled and the token not older
 * than the user's not-before. The same checks Keycloak's userinfo and introspection endpoints make
 * ({@link UserSessionUtil#findValidSessionForAccessToken}), in process, without an HTTP call.
 *
 * <p>A token without {@code sid} is refused unless it is the service account token of one of the
 * realm's DIVE clients ({@code dive.kas.audience}): a client-credentials token has no session to end,
 * its lifetime bounds it. Tokens of issuers outside this Keycloak cannot be checked here.
 */
final class SessionCheck {

    private SessionCheck() {
    }

    static void requireLive(KeycloakSession session, RealmModel realm, AccessToken token, List<String> audience)
            throws KasFailure {
        if (token.getId() == null || session.revokedTokens().contains(token.getId())) {
            throw new KasFailure(KasFailure.Kind.SESSION_ENDED, "token " + SafeText.of(token.getId()) + " was revoked or has no jti");
        }
        ClientModel client = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        if (client == null || !client.isEnabled()) {
            throw new KasFailure(KasFailure.Kind.WRONG_AUDIENCE, "client " + SafeText.of(token.getIssuedFor())
                    + " is unknown or disabled in realm " + realm.getName());
        }
        if (token.getSessionId() == null) {
            requireServiceAccount(session, client, token, audience);
            return;
        }
        UserSessionUtil.UserSessionValidationResult result = UserSessionUtil.findValidSessionForAccessToken(session, realm,
                token, client, invalid -> { });
        if (result.getError() != null) {
            throw new KasFailure(KasFailure.Kind.SESSION_ENDED, "session " + SafeText.of(token.getSessionId()) + " of realm "
                    + realm.getName() + ": " + result.getError());
        }
        if (!TokenManager.isUserValid(session, realm, token, result.getUserSession().getUser())) {
            throw new KasFailure(KasFailure.Kind.SESSION_ENDED, "the user of session " + SafeText.of(token.getSessionId())
                    + " is disabled or the token predates the user's not-before");
        }
    }

    private static void requireServiceAccount(KeycloakSession session, ClientModel client, AccessToken token,
            List<String> audience) throws KasFailure {
        UserModel account = client.isServiceAccountsEnabled() ? session.users().getServiceAccount(client) : null;
        if (!audience.contains(client.getClientId()) || account == null || !account.isEnabled()
                || !account.getId().equals(token.getSubject())) {
            throw new KasFailure(KasFailure.Kind.UNAUTHENTICATED, "token without a session (sid) that is not the service "
                    + "account token of a DIVE client (" + KasRealmSettings.AUDIENCE + ")");
        }
    }
}
