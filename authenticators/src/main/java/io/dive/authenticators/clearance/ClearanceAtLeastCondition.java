package io.dive.authenticators.clearance;

import io.dive.model.ClearanceAttributes;
import io.dive.model.ClearanceLevel;
import io.dive.model.ClearanceReference;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Condition that is true when the user's clearance is at least the configured level, or the user
 * holds a privileged role ({@link PrivilegedAccounts}: realm management or audit), whatever the
 * clearance: the one rule for "this login needs the second factor", used by the OTP sub-flows of the
 * browser, post-broker and direct-grant flows alike.
 *
 * <p>The user's clearance is the national marking in the {@code clearance} attribute, resolved with the
 * one national-markings reference for the {@code clearanceCountry} (default: the country of
 * affiliation) by {@link ClearanceReference#resolve(ClearanceAttributes)}, exactly as the clearance
 * mapper resolves it, so native markings such as {@code GEHEIM} work without regexes. A user with no
 * clearance, or one that does not resolve, is treated as uncleared: the condition is then
 * true only when the configured minimum is {@code UNCLASSIFIED}.
 */
public final class ClearanceAtLeastCondition implements ConditionalAuthenticator {

    static final ClearanceAtLeastCondition SINGLETON = new ClearanceAtLeastCondition();

    private static final Logger LOG = Logger.getLogger(ClearanceAtLeastCondition.class);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            return false;
        }
        ClearanceLevel minimum;
        try {
            minimum = ClearanceAtLeastConfig.from(context.getAuthenticatorConfig()).minimum();
        } catch (IllegalArgumentException e) {
            // Misconfiguration must not switch a second factor off: run the gated sub-flow.
            LOG.errorf("Invalid configuration of %s in realm %s: %s; treating the condition as met",
                    ClearanceAtLeastConditionFactory.PROVIDER_ID, context.getRealm().getName(), e.getMessage());
            return true;
        }
        return holds(clearanceOf(user), minimum) || PrivilegedAccounts.isPrivileged(user);
    }

    static boolean holds(Optional<ClearanceLevel> clearance, ClearanceLevel minimum) {
        return clearance.orElse(null) == null
                ? minimum == ClearanceLevel.UNCLASSIFIED
                : clearance.get().dominates(minimum);
    }

    /** The same resolution as the clearance mapper's, so the token and the second factor agree. */
    private static Optional<ClearanceLevel> clearanceOf(UserModel user) {
        return ClearanceReference.standard().resolve(ClearanceAttributes.read(user::getFirstAttribute)).level();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A condition has no form to act on.
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Nothing to set up: the condition only reads the user's clearance.
    }

    @Override
    public void close() {
        // Stateless singleton.
    }
}
