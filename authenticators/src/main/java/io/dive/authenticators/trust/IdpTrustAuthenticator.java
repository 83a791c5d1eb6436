package io.dive.authenticators.trust;

import io.dive.authenticators.UserStepAuthenticator;
import io.dive.model.IdpTrust;
import io.dive.model.SafeText;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.UserModel;

/**
 * First step of the broker's post-broker-login flow (run after the first broker login and after
 * every re-sync login): binds the attributes the identity provider just imported to what that
 * provider may assert ({@link IdpTrust}, from its config map). A foreign country of affiliation or
 * clearance country is removed and the login refused; COIs and organization types outside the list
 * are stripped or forced; {@code uniqueID} is always {@code <IdP subject>@<IdP alias>}.
 */
public final class IdpTrustAuthenticator implements UserStepAuthenticator {

    static final IdpTrustAuthenticator SINGLETON = new IdpTrustAuthenticator();

    /** Event error and detail key of a refused login; the detail names the attribute(s). */
    public static final String VIOLATION = "dive_trust_violation";
    static final String ERROR_TEMPLATE = "dive-trust-error.ftl";

    private static final Logger LOG = Logger.getLogger(IdpTrustAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        SerializedBrokeredIdentityContext brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                context.getAuthenticationSession(), PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        UserModel user = context.getUser();
        if (brokered == null || user == null) {
            // Not a brokered login (the step was placed in another flow): nothing was asserted by an IdP.
            LOG.errorf("%s runs only in a post-broker-login flow; refusing the login in realm %s",
                    IdpTrustAuthenticatorFactory.PROVIDER_ID, context.getRealm().getName());
            context.failure(AuthenticationFlowError.INTERNAL_ERROR);
            return;
        }
        String alias = brokered.getIdentityProviderId();
        IdentityProviderModel idp = context.getSession().identityProviders().getByAlias(alias);
        IdpTrust trust = IdpTrust.from(idp == null ? null : idp.getConfig());
        TrustVerdict verdict = TrustVerdict.of(trust, name -> user.getAttributeStream(name).toList(),
                brokered.getId() + "@" + alias);
        for (Map.Entry<String, List<String>> write : verdict.writes().entrySet()) {
            if (write.getValue().isEmpty()) {
                user.removeAttribute(write.getKey());
            } else {
                user.setAttribute(write.getKey(), write.getValue());
            }
        }
        for (String warning : verdict.warnings()) {
            LOG.warnf("IdP %s, broker user %s: %s", SafeText.of(alias), user.getId(), SafeText.of(warning));
        }
        if (verdict.refused().isEmpty()) {
            context.success();
            return;
        }
        context.getEvent().clone().event(EventType.IDENTITY_PROVIDER_LOGIN).user(user)
                .detail("identity_provider", alias).detail(VIOLATION, String.join(",", verdict.refused()))
                .error(VIOLATION);
        Response page = context.form().setError("diveTrustViolation", alias, String.join(", ", verdict.refused()))
                .createForm(ERROR_TEMPLATE);
        context.failure(AuthenticationFlowError.ACCESS_DENIED, page);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // The page offers no action: the login stays refused.
        context.failure(AuthenticationFlowError.ACCESS_DENIED);
    }
}
