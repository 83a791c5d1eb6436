package io.dive.authenticators.otp;

import io.dive.authenticators.UserStepAuthenticator;
import io.dive.support.OAuthErrors;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.models.UserModel;

/**
 * The password grant for a user whose clearance requires OTP: the {@code totp} parameter must hold
 * a valid, unused code. A user who has not enrolled gets {@code mfa_enrollment_required} — enrollment
 * happens in the browser — instead of Keycloak's generic "Account is not fully set up".
 */
public final class DirectGrantOtpAuthenticator implements UserStepAuthenticator {

    /** The request parameter carrying the code. */
    public static final String TOTP_PARAMETER = "totp";
    public static final String ENROLLMENT_REQUIRED = "mfa_enrollment_required";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (!OtpCodes.enrolled(user)) {
            context.getEvent().user(user).error(ENROLLMENT_REQUIRED);
            OtpEvents.emit(context, OtpStep.MFA_ENROLLMENT_REQUIRED);
            context.failure(AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED, OAuthErrors.response(Response.Status.BAD_REQUEST,
                    ENROLLMENT_REQUIRED, "Your clearance requires a one-time code and no authenticator is enrolled yet: "
                            + "log in once in a browser to enroll, then pass the code as 'totp'."));
            return;
        }
        String code = context.getHttpRequest().getDecodedFormParameters().getFirst(TOTP_PARAMETER);
        if (code == null || code.isBlank()) {
            context.getEvent().user(user).error("dive_otp_missing");
            OtpEvents.emit(context, OtpStep.CODE_REFUSED);
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, OAuthErrors.response(Response.Status.UNAUTHORIZED,
                    "invalid_grant", "A one-time code is required: pass it as 'totp'."));
            return;
        }
        String trimmed = code.strip();
        boolean valid = OtpCodes.validForCredential(user, trimmed);
        OtpCodes.Claim claim = valid ? OtpCodes.claim(context, trimmed) : null;
        if (claim == OtpCodes.Claim.CANNOT_CHECK) {
            context.getEvent().user(user).error("dive_otp_replay_check_unavailable");
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, OAuthErrors.response(Response.Status.SERVICE_UNAVAILABLE,
                    "temporarily_unavailable", "The second factor cannot be checked right now; try again in a few minutes."));
            return;
        }
        if (claim == null || claim == OtpCodes.Claim.ALREADY_USED) {
            context.getEvent().user(user).error("dive_otp_invalid");
            OtpEvents.emit(context, valid ? OtpStep.CODE_REPLAYED : OtpStep.CODE_REFUSED);
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, OAuthErrors.response(Response.Status.UNAUTHORIZED,
                    "invalid_grant", "Invalid user credentials"));
            return;
        }
        OtpCodes.succeed(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // The password grant has no second round trip.
    }
}
