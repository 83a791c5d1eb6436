package io.dive.authenticators.otp;

import io.dive.authenticators.StatelessProviderFactory;
import io.dive.authenticators.otp.store.PendingSecretStore;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers "DIVE: OTP (enroll or verify)". */
public final class BrowserOtpAuthenticatorFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    public static final String PROVIDER_ID = "dive-otp-form";

    private static final BrowserOtpAuthenticator SINGLETON = new BrowserOtpAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "DIVE: OTP (enroll or verify)";
    }

    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    @Override
    public String getHelpText() {
        return "Asks for the one-time code; a user without an OTP credential enrolls first, with the pending secret "
                + "held in Redis (dive-redis). Success sets level of authentication 2.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(OtpConfig.MAX_ATTEMPTS).label("Wrong codes per enrollment")
                .helpText("After this many wrong codes the pending secret is discarded and a new one is shown.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(OtpConfig.DEFAULT_MAX_ATTEMPTS))
                .add()
                .property().name(OtpConfig.ENROLLMENT_GATE).label("Enrollment gate")
                .helpText("activation-code (default): an administrator issues a one-time code (POST "
                        + "/realms/{realm}/dive-otp/users/{username}/activation-code) that must be entered before any "
                        + "secret is shown. open: anyone past the password may enroll, so a stolen password is enough "
                        + "to enroll a second factor (demo only).")
                .type(ProviderConfigProperty.LIST_TYPE).options(OtpConfig.Gate.ACTIVATION_CODE.value(), OtpConfig.Gate.OPEN.value())
                .defaultValue(OtpConfig.DEFAULT_GATE.value())
                .add().build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        PendingSecretStore.declareMeters();
    }
}
