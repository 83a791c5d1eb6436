package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoiRegistryTest {

    private static final CoiRegistry REGISTRY = CoiRegistry.standard();

    @Test
    void groupsExpandToTheirMemberCountries() {
        assertThat(REGISTRY.expandReleasability(List.of("FVEY"))).containsExactly("AUS", "CAN", "GBR", "NZL", "USA");
        assertThat(REGISTRY.expandReleasability(List.of("NATO", "AUS"))).contains("DEU", "USA", "AUS").hasSize(33);
        assertThat(REGISTRY.expandReleasability(List.of("EU"))).contains("IRL", "AUT").doesNotContain("GBR", "USA");
    }

    @Test
    void aCoiThatIsNotAGroupIsNotAReleasabilityTarget() {
        assertThatThrownBy(() -> REGISTRY.expandReleasability(List.of("AUKUS")))
                .hasMessageContaining("'AUKUS' is neither");
        assertThatThrownBy(() -> REGISTRY.expandReleasability(List.of("usa")))
                .hasMessageContaining("'usa'");
    }

    @Test
    void knowsWhichNamesUsersMayHold() {
        assertThat(REGISTRY.isCoi("NATO-COSMIC")).isTrue();
        assertThat(REGISTRY.isCoi("ALPHA")).isTrue();
        assertThat(REGISTRY.isCoi("EU")).isFalse();
        assertThat(REGISTRY.isCoi("SPACE")).isFalse();
        assertThat(REGISTRY.isCoi(null)).isFalse();
    }

    @Test
    void findsMutuallyExclusiveLabels() {
        assertThat(REGISTRY.conflicts(List.of("US-ONLY", "NATO", "ALPHA"))).containsExactly(Set.of("NATO", "US-ONLY"));
        assertThat(REGISTRY.conflicts(List.of("NATO", "FVEY"))).isEmpty();
        assertThat(REGISTRY.mutuallyExclusive()).hasSize(4);
    }

    @Test
    void aRegistryWithAnInvalidMemberIsRejected() throws Exception {
        var json = new ObjectMapper().readTree("{\"entries\":{\"X\":{\"kind\":[\"coi\"],\"members\":[\"US\"]}}}");
        assertThatThrownBy(() -> CoiRegistry.parse(json)).hasMessageContaining("'US'");
    }
}
