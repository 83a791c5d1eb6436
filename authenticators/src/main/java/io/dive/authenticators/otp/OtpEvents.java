package io.dive.authenticators.otp;

import io.dive.audit.Authentication;
import io.dive.model.CoalitionAttributes;
import io.dive.support.audit.AuditProvider;
import io.dive.support.metrics.DiveMeters;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one event point of the OTP steps: every step calls {@link #emit} once, which records it in
 * the audit trail's {@code authentications} and counts it in {@code dive_otp_steps_total}. The login's
 * correlation id is the root authentication session's id, which Keycloak gives the user session
 * the login creates: the {@code sid} of its tokens. Never a code, a secret or an activation code.
 */
final class OtpEvents {

    private OtpEvents() {
    }

    static void emit(AuthenticationFlowContext context, OtpStep step) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        emit(context.getSession(), context.getRealm(), context.getUser(), step,
                authSession == null ? null : authSession.getParentSession().getId(),
                authSession == null || authSession.getClient() == null ? null : authSession.getClient().getClientId(),
                context.getConnection() == null ? null : context.getConnection().getRemoteAddr());
    }

    /** A step outside a login (an administrator issuing an activation code): no session to correlate. */
    static void emit(KeycloakSession session, RealmModel realm, UserModel user, OtpStep step, String correlationId,
            String client, String clientAddress) {
        DiveMeters.count("dive.otp.steps", "DIVE OTP steps by realm, step and outcome", "realm", realm.getName(),
                "step", step.name().toLowerCase(Locale.ROOT), "outcome", step.outcome().toLowerCase(Locale.ROOT));
        String uniqueId = user == null ? null : user.getFirstAttribute(CoalitionAttributes.UNIQUE_ID);
        AuditProvider.record(session, new Authentication(UUID.randomUUID().toString(), Instant.now(), realm.getName(),
                correlationId, uniqueId != null ? uniqueId : user == null ? null : user.getUsername(), step.name(),
                step.outcome(), client, user == null ? null : user.getFirstAttribute(CoalitionAttributes.CLEARANCE),
                clientAddress));
    }
}
