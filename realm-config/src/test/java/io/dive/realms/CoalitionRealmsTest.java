package io.dive.realms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.model.ClearanceLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoalitionRealmsTest {

    private static Nation nation(String alias, String country, Map<String, String> overrides) {
        return new Nation(alias, country, alias, "oidc", List.of("NATO"), overrides, false);
    }

    @Test
    void demoMarkingsAreTheNationsOwnOrNatosWhereItHasNone() {
        assertThat(DemoUsers.marking(nation("deu", "DEU", Map.of()), "DEU", ClearanceLevel.SECRET)).isEqualTo("GEHEIM");
        assertThat(DemoUsers.marking(nation("usa", "USA", Map.of()), "USA", ClearanceLevel.RESTRICTED))
                .isEqualTo("NATO RESTRICTED");
        assertThat(DemoUsers.marking(nation("fra", "FRA", Map.of("SECRET", "SECRET DEFENSE")), "FRA",
                ClearanceLevel.SECRET)).isEqualTo("SECRET DEFENSE");
    }

    @Test
    void anOverrideThatDoesNotResolveToItsLevelFailsTheBuild() {
        assertThatThrownBy(() -> DemoUsers.marking(nation("ita", "ITA", Map.of("CONFIDENTIAL", "RISERVATO")),
                "ITA", ClearanceLevel.CONFIDENTIAL))
                .hasMessageContaining("'RISERVATO' resolves to RESTRICTED, not CONFIDENTIAL");
    }

    @Test
    void everyDemoNationIsUnique() {
        assertThat(Nation.demo().stream().map(Nation::alias).distinct()).hasSize(Nation.demo().size());
        assertThat(Nation.demo().stream().filter(Nation::saml).map(Nation::alias)).containsExactly("fra");
    }
}
