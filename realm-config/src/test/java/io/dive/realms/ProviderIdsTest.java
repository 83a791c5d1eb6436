package io.dive.realms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.ClientAuthenticatorFactory;
import org.keycloak.broker.provider.IdentityProviderFactory;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.userprofile.UserProfileProviderFactory;

/**
 * Every provider id the generated realms name exists: a misspelled or renamed id would otherwise
 * surface only at import (or, for an authenticator, at the first login that reaches it). DIVE's ids
 * must be registered by a DIVE factory, the others by one of Keycloak's.
 */
class ProviderIdsTest {

    private static List<RealmRepresentation> realms() {
        List<RealmRepresentation> realms = new ArrayList<>();
        realms.add(BrokerRealm.of(Nation.demo()));
        Nation.demo().forEach(nation -> realms.add(NationalRealm.of(nation)));
        return realms;
    }

    private static <T> Set<String> referenced(Function<RealmRepresentation, Stream<T>> items, Function<T, String> id) {
        Set<String> ids = new TreeSet<>();
        realms().stream().flatMap(items).map(id).filter(Objects::nonNull).forEach(ids::add);
        return ids;
    }

    private static <T> Stream<T> orEmpty(List<T> list) {
        return list == null ? Stream.empty() : list.stream();
    }

    private static void assertRegistered(Set<String> ids, Class<?> factoryInterface) {
        assertThat(ids).as("the realms name some %s", factoryInterface.getSimpleName()).isNotEmpty();
        RegisteredProviders registered = RegisteredProviders.of(factoryInterface);
        for (String id : ids) {
            assertThat(registered.factories()).as("%s '%s' registered (factories not loadable here: %s)",
                    factoryInterface.getSimpleName(), id, registered.unloadable()).containsKey(id);
            boolean dive = registered.factories().get(id).startsWith("io.dive.");
            assertThat(dive).as("%s '%s' is registered by %s", factoryInterface.getSimpleName(), id,
                    registered.factories().get(id)).isEqualTo(id.startsWith("dive-"));
        }
    }

    @Test
    void everyAuthenticatorOfTheFlowsIsRegistered() {
        Set<String> ids = referenced(realm -> orEmpty(realm.getAuthenticationFlows())
                .flatMap(flow -> flow.getAuthenticationExecutions().stream()),
                AuthenticationExecutionExportRepresentation::getAuthenticator);
        assertThat(ids).contains("dive-otp-form", "dive-direct-grant-otp", "dive-condition-clearance-at-least");
        assertRegistered(ids, AuthenticatorFactory.class);
    }

    @Test
    void everyProtocolMapperOfTheClientsIsRegistered() {
        Set<String> ids = referenced(realm -> orEmpty(realm.getClients())
                .flatMap(client -> orEmpty(client.getProtocolMappers())), ProtocolMapperRepresentation::getProtocolMapper);
        assertThat(ids).contains("dive-clearance-mapper", "oidc-usermodel-attribute-mapper", "saml-user-attribute-mapper");
        assertRegistered(ids, ProtocolMapper.class);
    }

    @Test
    void everyIdentityProviderAndItsMappersAreRegistered() {
        assertRegistered(referenced(realm -> orEmpty(realm.getIdentityProviderMappers()),
                mapper -> mapper.getIdentityProviderMapper()), IdentityProviderMapper.class);
        assertRegistered(referenced(realm -> orEmpty(realm.getIdentityProviders()),
                idp -> idp.getProviderId()), IdentityProviderFactory.class);
    }

    @Test
    void theClientAuthenticatorsAndTheUserProfileProviderAreRegistered() {
        assertRegistered(referenced(realm -> orEmpty(realm.getClients()), ClientRepresentation::getClientAuthenticatorType),
                ClientAuthenticatorFactory.class);
        assertRegistered(referenced(realm -> realm.getComponents().values().stream().flatMap(List::stream),
                component -> component.getProviderId()), UserProfileProviderFactory.class);
    }
}
