package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdpTrustTest {

    @Test
    void theConfigMapRoundTripsWithSortedCommaSeparatedValues() {
        IdpTrust trust = new IdpTrust(Set.of("ITA"), Set.of("NATO", "EU"), Set.of("MIL", "GOV"));

        assertThat(trust.toConfig()).containsEntry(IdpTrust.COIS, "EU,NATO").containsEntry(IdpTrust.ORGANIZATION_TYPES, "GOV,MIL");
        assertThat(IdpTrust.from(trust.toConfig())).isEqualTo(trust);
    }

    @Test
    void missingOrBlankKeysTrustNothingAndSpacesAreIgnored() {
        IdpTrust trust = IdpTrust.from(Map.of(IdpTrust.COUNTRIES, " USA , ", IdpTrust.COIS, " "));

        assertThat(trust).isEqualTo(new IdpTrust(Set.of("USA"), Set.of(), Set.of()));
        assertThat(IdpTrust.from(null).forcedOrganizationType()).isEmpty();
        assertThat(new IdpTrust(Set.of(), Set.of(), Set.of("INDUSTRY")).forcedOrganizationType()).contains("INDUSTRY");
    }
}
