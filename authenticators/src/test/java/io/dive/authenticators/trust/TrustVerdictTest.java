package io.dive.authenticators.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.model.IdpTrust;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustVerdictTest {

    private static final IdpTrust ITA = new IdpTrust(Set.of("ITA"), Set.of("NATO"), Set.of("GOV", "MIL"));
    private static final IdpTrust INDUSTRY = new IdpTrust(Set.of("USA"), Set.of(), Set.of("INDUSTRY"));
    private static final String UNIQUE_ID = "0b5e@ita";

    private static TrustVerdict verdict(IdpTrust trust, Map<String, List<String>> attributes) {
        return TrustVerdict.of(trust, attributes::get, UNIQUE_ID);
    }

    @Test
    void anHonestItalianUserKeepsEveryAttributeButGetsTheBrokersUniqueId() {
        TrustVerdict verdict = verdict(ITA, Map.of("countryOfAffiliation", List.of("ITA"), "clearanceCountry", List.of("ITA"),
                "acpCOI", List.of("NATO"), "organizationType", List.of("MIL"), "uniqueID", List.of("mario@dive-ita")));

        assertThat(verdict.refused()).isEmpty();
        assertThat(verdict.writes()).containsExactly(Map.entry("uniqueID", List.of(UNIQUE_ID)));
    }

    @Test
    void aForeignCountryOfAffiliationIsRemovedAndRefusesTheLogin() {
        TrustVerdict verdict = verdict(ITA, Map.of("countryOfAffiliation", List.of("USA"), "uniqueID", List.of(UNIQUE_ID)));

        assertThat(verdict.refused()).containsExactly("countryOfAffiliation");
        assertThat(verdict.writes()).containsExactly(Map.entry("countryOfAffiliation", List.of()));
    }

    @Test
    void aForeignClearanceCountryRefusesEvenInAnotherSpelling() {
        TrustVerdict verdict = verdict(ITA, Map.of("countryOfAffiliation", List.of(" ita"), "clearanceCountry", List.of("usa ")));

        assertThat(verdict.refused()).containsExactly("clearanceCountry");
        assertThat(verdict.writes()).containsKey("clearanceCountry").doesNotContainKey("countryOfAffiliation");
    }

    @Test
    void coisTheIdpMayNotAssertAreStrippedAndTheLoginGoesOn() {
        TrustVerdict verdict = verdict(ITA, Map.of("acpCOI", List.of("FVEY", "NATO")));

        assertThat(verdict.refused()).isEmpty();
        assertThat(verdict.writes()).containsEntry("acpCOI", List.of("NATO"));
        assertThat(verdict.warnings()).singleElement().asString().contains("FVEY");
    }

    @Test
    void aNationalIdpCannotMakeItsUserIndustryAndTheIndustryIdpAlwaysDoes() {
        assertThat(verdict(ITA, Map.of("organizationType", List.of("INDUSTRY"))).writes())
                .containsEntry("organizationType", List.of());
        assertThat(verdict(INDUSTRY, Map.of("organizationType", List.of("GOV"))).writes())
                .containsEntry("organizationType", List.of("INDUSTRY"));
        assertThat(verdict(INDUSTRY, Map.of()).writes()).containsEntry("organizationType", List.of("INDUSTRY"));
    }

    @Test
    void anUnconfiguredIdpMayAssertNoCountry() {
        TrustVerdict verdict = verdict(IdpTrust.from(null), Map.of("countryOfAffiliation", List.of("ITA")));

        assertThat(verdict.refused()).containsExactly("countryOfAffiliation");
    }
}
