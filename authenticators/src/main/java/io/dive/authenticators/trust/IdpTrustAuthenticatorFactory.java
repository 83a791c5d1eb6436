package io.dive.authenticators.trust;

import io.dive.authenticators.StatelessProviderFactory;
import io.dive.model.IdpTrust;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Registers "DIVE: identity provider trust". It has no execution config: what each identity
 * provider may assert lives in that provider's config map ({@link IdpTrust} keys).
 */
public final class IdpTrustAuthenticatorFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    public static final String PROVIDER_ID = "dive-idp-trust";

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return IdpTrustAuthenticator.SINGLETON;
    }

    @Override
    public String getDisplayType() {
        return "DIVE: identity provider trust";
    }

    @Override
    public String getReferenceCategory() {
        return "dive-trust";
    }

    @Override
    public String getHelpText() {
        return "Post-broker login: refuses a country the identity provider may not assert, strips other COIs and "
                + "organization types, and sets uniqueID to <subject>@<alias>. Configured per identity provider ("
                + IdpTrust.COUNTRIES + ", " + IdpTrust.COIS + ", " + IdpTrust.ORGANIZATION_TYPES + ").";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
