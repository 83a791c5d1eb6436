package io.dive.authenticators.clearance;

import io.dive.authenticators.StatelessProviderFactory;
import io.dive.model.ClearanceLevel;
import java.util.Arrays;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers the "DIVE: clearance at least" condition. */
public final class ClearanceAtLeastConditionFactory implements ConditionalAuthenticatorFactory,
        StatelessProviderFactory<Authenticator> {

    public static final String PROVIDER_ID = "dive-condition-clearance-at-least";

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
            .name(ClearanceAtLeastConfig.MINIMUM_CLEARANCE)
            .label("Minimum clearance")
            .helpText("The sub-flow runs for users whose clearance is at least this level. Users without a "
                    + "recognised clearance count as uncleared. Holders of a realm-management role or of "
                    + "dive-auditor always run it.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(Arrays.stream(ClearanceLevel.values()).map(Enum::name).toList())
            .defaultValue(ClearanceAtLeastConfig.DEFAULT_MINIMUM.name())
            .add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "DIVE: clearance at least (or privileged)";
    }

    @Override
    public String getReferenceCategory() {
        return "condition";
    }

    @Override
    public String getHelpText() {
        return "Runs the sub-flow only when the user's clearance is at least the configured level, or the user holds a "
                + "realm-management role or dive-auditor (whatever the clearance).";
    }

    @Override
    public boolean isConfigurable() {
        return true;
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
        return CONFIG_PROPERTIES;
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return ClearanceAtLeastCondition.SINGLETON;
    }
}
