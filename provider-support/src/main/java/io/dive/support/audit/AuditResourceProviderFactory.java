package io.dive.support.audit;

import io.dive.support.RealmResources;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * The audit REST resource ({@code /realms/{realm}/dive-audit}). Its one setting is the decision-log
 * token OPA presents ({@code --spi-realm-restapi-extension--dive-audit--decision-log-token}; pass
 * it in the environment: {@code KC_SPI_REALM_RESTAPI_EXTENSION__DIVE_AUDIT__DECISION_LOG_TOKEN}).
 */
public final class AuditResourceProviderFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "dive-audit";
    static final String DECISION_LOG_TOKEN = "decisionLogToken";

    private DecisionLogToken token;
    private AuditProviderFactory audit;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RealmResources.of(new AuditResource(session, audit.trail(), token));
    }

    @Override
    public void init(Config.Scope config) {
        token = new DecisionLogToken(config.get(DECISION_LOG_TOKEN));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        audit = (AuditProviderFactory) factory.getProviderFactory(AuditProvider.class);
    }

    @Override
    public void close() {
        // The trail belongs to the dive-audit SPI.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(DECISION_LOG_TOKEN).type(ProviderConfigProperty.PASSWORD)
                .helpText("Bearer token OPA's decision-log plugin presents; unset: decision logs are refused").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("decisionLogToken", token != null && token.configured() ? "set" : "unset");
    }
}
