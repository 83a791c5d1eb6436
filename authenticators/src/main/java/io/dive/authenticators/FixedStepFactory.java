package io.dive.authenticators;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.provider.ProviderConfigProperty;

/** An authenticator factory without execution config: the step is either required or disabled. */
public interface FixedStepFactory extends AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    @Override
    default boolean isConfigurable() {
        return false;
    }

    @Override
    default Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    default boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    default List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
