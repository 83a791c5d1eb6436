package io.dive.authenticators.otp;

import io.dive.authenticators.FixedStepFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** Registers "DIVE: OTP for the password grant". */
public final class DirectGrantOtpAuthenticatorFactory implements FixedStepFactory {

    public static final String PROVIDER_ID = "dive-direct-grant-otp";

    private static final DirectGrantOtpAuthenticator SINGLETON = new DirectGrantOtpAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "DIVE: OTP for the password grant";
    }

    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    @Override
    public String getHelpText() {
        return "Requires a valid one-time code in the 'totp' parameter; unenrolled users get mfa_enrollment_required.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
