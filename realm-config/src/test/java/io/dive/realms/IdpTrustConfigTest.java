package io.dive.realms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.authenticators.trust.IdpTrustAuthenticatorFactory;
import io.dive.model.CoalitionAttributes;
import io.dive.model.IdpTrust;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** Who may assert what (issue 11): the broker's IdP configs and OPA's data.dive.trust say the same. */
class IdpTrustConfigTest {

    /** OPA's copy, kept equal to the nations by this test (policies/ has no dependency on the realms). */
    private static final Path OPA_TRUST = Path.of("../policies/src/dive/trust/data.json");

    private static final RealmRepresentation BROKER = BrokerRealm.of(Nation.demo());

    @Test
    void everyIdpMayAssertItsOwnCountryAndCoisAndOnlyTheIndustryIdpIndustry() {
        for (IdentityProviderRepresentation idp : BROKER.getIdentityProviders()) {
            IdpTrust trust = IdpTrust.from(idp.getConfig());
            Nation nation = Nation.demo().stream().filter(n -> n.alias().equals(idp.getAlias())).findFirst().orElseThrow();
            assertThat(trust.countries()).as(idp.getAlias()).isEqualTo(nation.industry()
                    ? Set.copyOf(DemoUsers.INDUSTRY_COUNTRIES) : Set.of(nation.country()));
            assertThat(trust.cois()).as(idp.getAlias()).containsExactlyInAnyOrderElementsOf(nation.cois());
            assertThat(trust.organizationTypes()).as(idp.getAlias())
                    .isEqualTo(nation.industry() ? Set.of("INDUSTRY") : Set.of("GOV", "MIL"));
        }
        assertThat(IdpTrust.from(idp("ita").getConfig()).countries()).containsExactly("ITA");
    }

    @Test
    void opaTrustDataMatchesTheIdpConfigs() throws IOException {
        JsonNode providers = new ObjectMapper().readTree(OPA_TRUST.toFile()).path("identity_providers");
        assertThat(new TreeSet<>(iterable(providers.fieldNames())))
                .isEqualTo(new TreeSet<>(Nation.demo().stream().map(Nation::alias).toList()));
        for (Nation nation : Nation.demo()) {
            JsonNode entry = providers.path(nation.alias());
            IdpTrust opa = new IdpTrust(strings(entry.path("countries")), strings(entry.path("cois")),
                    strings(entry.path("organizationTypes")));
            assertThat(opa).as(nation.alias()).isEqualTo(IdpTrust.from(idp(nation.alias()).getConfig()));
        }
    }

    @Test
    void theTrustStepRunsFirstAfterEveryBrokeredLoginAndUniqueIdIsNotImported() {
        AuthenticationFlowRepresentation postBroker = BROKER.getAuthenticationFlows().stream()
                .filter(flow -> flow.getAlias().equals(BrokerFlows.POST_BROKER_FLOW)).findFirst().orElseThrow();
        assertThat(postBroker.getAuthenticationExecutions().get(0).getAuthenticator())
                .isEqualTo(IdpTrustAuthenticatorFactory.PROVIDER_ID);
        assertThat(postBroker.getAuthenticationExecutions().get(0).getRequirement()).isEqualTo("REQUIRED");
        assertThat(BROKER.getIdentityProviders()).allSatisfy(idp ->
                assertThat(idp.getPostBrokerLoginFlowAlias()).isEqualTo(BrokerFlows.POST_BROKER_FLOW));
        assertThat(BROKER.getIdentityProviderMappers()).noneMatch(mapper -> mapper.getName().equals(CoalitionAttributes.UNIQUE_ID));
    }

    private static IdentityProviderRepresentation idp(String alias) {
        return BROKER.getIdentityProviders().stream().filter(idp -> idp.getAlias().equals(alias)).findFirst().orElseThrow();
    }

    private static Set<String> strings(JsonNode array) {
        return new TreeSet<>(iterable(array.elements()).stream().map(JsonNode::asText).toList());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
