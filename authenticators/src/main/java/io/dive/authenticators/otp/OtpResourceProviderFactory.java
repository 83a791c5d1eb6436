package io.dive.authenticators.otp;

import io.dive.authenticators.StatelessProviderFactory;
import io.dive.support.OAuthErrors;
import io.dive.support.RealmResources;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * {@code POST /realms/{realm}/dive-otp/users/{username}/activation-code}: an administrator of the
 * realm (bearer token of this realm with realm-management {@code manage-users}) issues a one-time
 * activation code for the {@code activation-code} enrollment gate. The code is returned once and
 * stored only as a salted hash in Redis (7 days).
 */
public final class OtpResourceProviderFactory implements RealmResourceProviderFactory,
        StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "dive-otp";
    static final Duration ACTIVATION_CODE_TTL = Duration.ofDays(7);

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RealmResources.of(new Resource(session));
    }

    /** The JAX-RS resource. */
    public static final class Resource {
        private final KeycloakSession session;

        Resource(KeycloakSession session) {
            this.session = session;
        }

        @POST
        @Path("users/{username}/activation-code")
        @Produces(MediaType.APPLICATION_JSON)
        public Response issue(@PathParam("username") String username) {
            RealmModel realm = session.getContext().getRealm();
            AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
            if (auth == null) {
                throw new NotAuthorizedException("Bearer");
            }
            ClientModel management = realm.getClientByClientId("realm-management");
            RoleModel manageUsers = management == null ? null : management.getRole("manage-users");
            if (manageUsers == null || !auth.getUser().hasRole(manageUsers)) {
                return OAuthErrors.response(Response.Status.FORBIDDEN, "forbidden", "manage-users is required");
            }
            UserModel user = session.users().getUserByUsername(realm, username);
            if (user == null) {
                return OAuthErrors.response(Response.Status.NOT_FOUND, "user_not_found", "no such user in this realm");
            }
            try {
                String code = OtpCodes.stores(session).activationCodes().issue(realm.getId(), user.getId(), ACTIVATION_CODE_TTL);
                OtpEvents.emit(session, realm, user, OtpStep.ACTIVATION_CODE_ISSUED, auth.getSession() == null ? null
                        : auth.getSession().getId(), auth.getClient() == null ? null : auth.getClient().getClientId(),
                        session.getContext().getConnection().getRemoteAddr());
                return Response.ok(Map.of("username", username, "activationCode", code,
                        "expiresInSeconds", ACTIVATION_CODE_TTL.toSeconds())).header("Cache-Control", "no-store").build();
            } catch (RuntimeException e) {
                return OAuthErrors.response(Response.Status.SERVICE_UNAVAILABLE, "unavailable", "the enrollment store is unreachable");
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
