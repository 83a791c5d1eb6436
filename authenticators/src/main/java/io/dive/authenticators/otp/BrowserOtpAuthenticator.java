package io.dive.authenticators.otp;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "DIVE: OTP (enroll or verify)" in browser logins: a user with an OTP credential is asked for the
 * code; a user without one enrolls first ({@link OtpEnrollment}). A code is accepted once across all
 * nodes ({@code SET NX} in Redis). Success records level of authentication 2 (acr "2", amr pwd+otp).
 */
public final class BrowserOtpAuthenticator implements Authenticator {

    static final String FORM_CODE = "otp";
    static final String VERIFY_TEMPLATE = "dive-otp.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (OtpCodes.enrolled(context.getUser())) {
            context.challenge(verifyForm(context, null));
        } else {
            OtpEnrollment.start(context);
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String code = Optional.ofNullable(form.getFirst(FORM_CODE)).map(String::strip).orElse("");
        if (OtpCodes.enrolled(context.getUser())) {
            verifyEnrolled(context, code);
        } else {
            OtpEnrollment.submit(context, code, form.getFirst(OtpEnrollment.FORM_ACTIVATION_CODE));
        }
    }

    private static void verifyEnrolled(AuthenticationFlowContext context, String code) {
        UserModel user = context.getUser();
        if (!OtpCodes.validForCredential(user, code)) {
            context.getEvent().user(user).error("dive_otp_invalid");
            OtpEvents.emit(context, OtpStep.CODE_REFUSED);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, verifyForm(context, "diveOtpInvalid"));
            return;
        }
        OtpCodes.Claim claim = OtpCodes.claim(context, code);
        if (claim == OtpCodes.Claim.ALREADY_USED) {
            context.getEvent().user(user).error("dive_otp_replayed");
            OtpEvents.emit(context, OtpStep.CODE_REPLAYED);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, verifyForm(context, "diveOtpAlreadyUsed"));
            return;
        }
        if (claim == OtpCodes.Claim.CANNOT_CHECK) {
            // Not the user's failure (no brute-force count): the code may be fine, it cannot be checked now.
            context.getEvent().user(user).error("dive_otp_replay_check_unavailable");
            context.challenge(verifyForm(context, "diveOtpCannotBeChecked"));
            return;
        }
        OtpCodes.succeed(context);
    }

    private static Response verifyForm(AuthenticationFlowContext context, String error) {
        LoginFormsProvider form = context.form();
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(VERIFY_TEMPLATE);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true; // Users without OTP are enrolled here rather than by a required action.
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Enrollment happens inside this authenticator.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
