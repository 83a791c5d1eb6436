package io.dive.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

class CoalitionClaimMapperTest {

    private final List<String> rejected = new ArrayList<>();
    private final List<String> legacy = new ArrayList<>();

    /** A user whose attribute reads answer from {@code attributes}; any other call is a test error. */
    private static UserModel user(Map<String, List<String>> attributes) {
        return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFirstAttribute" -> attributes.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
                    case "getAttributeStream" -> attributes.getOrDefault((String) args[0], List.of()).stream();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Map<String, Object> claims(CoalitionClaimMapper mapper, Map<String, List<String>> attributes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        mapper.addClaims(user(attributes), claims, new CoalitionClaimMapper.AttributeWarnings() {
            @Override
            public void omitted(String attribute, String value, String reason) {
                rejected.add(attribute + "=" + value);
            }

            @Override
            public void legacy(String attribute, String value, String reason) {
                legacy.add(attribute + "=" + value + ": " + reason);
            }
        });
        return claims;
    }

    /** The clearance claims of a user holding {@code marking}, affiliated with {@code country}. */
    private Map<String, Object> clearance(String marking, String country) {
        return claims(new ClearanceMapper(), Map.of("clearance", List.of(marking), "countryOfAffiliation", List.of(country)));
    }

    @Test
    void clearanceIsNormalizedWithTheNativeMarkingKept() {
        Map<String, Object> claims = clearance("GEHEIM", "DEU");
        assertThat(claims).containsEntry("clearance", "SECRET").containsEntry("clearanceOriginal", "GEHEIM")
                .containsEntry("clearanceCountry", "DEU");
        assertThat(rejected).isEmpty();
    }

    @Test
    void theClearanceCountryAttributeWinsOverTheCountryOfAffiliation() {
        // A dual national cleared by Romania: Romania's SECRET is CONFIDENTIAL.
        Map<String, Object> claims = claims(new ClearanceMapper(), Map.of("clearance", List.of("SECRET"),
                "clearanceCountry", List.of("ROU"), "countryOfAffiliation", List.of("USA")));
        assertThat(claims).containsEntry("clearance", "CONFIDENTIAL").containsEntry("clearanceCountry", "ROU");
    }

    @Test
    void aLegacyMarkingResolvesToItsLevelSaysSoAndIsReported() {
        // The UK issued CONFIDENTIAL until 2 April 2014.
        Map<String, Object> claims = clearance("CONFIDENTIAL", "GBR");
        assertThat(claims).containsEntry("clearance", "CONFIDENTIAL").containsEntry("clearanceStatus", "legacy")
                .containsEntry("clearanceOriginal", "CONFIDENTIAL");
        assertThat(legacy).singleElement().asString().startsWith("clearance=CONFIDENTIAL: is a legacy GBR marking")
                .contains("re-issue");
        assertThat(rejected).isEmpty();
    }

    @Test
    void aCurrentMarkingHasNoStatusClaim() {
        Map<String, Object> claims = clearance("CONFIDENTIAL", "USA");
        assertThat(claims).containsEntry("clearance", "CONFIDENTIAL").doesNotContainKey("clearanceStatus");
        assertThat(legacy).isEmpty();
    }

    @Test
    void aClearanceCountryWithATrailingSpaceIsThatCountry() {
        // Issue 11 item 7: the OTP condition reads the same resolution (ClearanceAttributes).
        Map<String, Object> claims = claims(new ClearanceMapper(), Map.of(
                "clearance", List.of("TOP SECRET"), "clearanceCountry", List.of("USA ")));
        assertThat(claims).containsEntry("clearance", "TOP_SECRET").containsEntry("clearanceCountry", "USA");
        assertThat(rejected).isEmpty();
    }

    @Test
    void aStruckThroughMarkingIsNotAClearance() {
        Map<String, Object> claims = claims(new ClearanceMapper(), Map.of("clearance",
                List.of("T\u0336O\u0336P\u0336 \u0336S\u0336E\u0336C\u0336R\u0336E\u0336T\u0336"),
                "countryOfAffiliation", List.of("USA")));
        assertThat(claims).doesNotContainKeys("clearance", "clearanceOriginal", "clearanceStatus");
        assertThat(rejected).hasSize(1);
    }

    @Test
    void anUnknownClearanceIsOmittedAndReportedNeverDefaulted() {
        Map<String, Object> claims = clearance("SUPER SECRET", "USA");
        assertThat(claims).doesNotContainKeys("clearance", "clearanceOriginal").containsEntry("clearanceCountry", "USA");
        assertThat(rejected).containsExactly("clearance=SUPER SECRET");
    }

    @Test
    void noClearanceAttributeIsSilentlyUncleared() {
        Map<String, Object> claims = claims(new ClearanceMapper(), Map.of("countryOfAffiliation", List.of("USA")));
        assertThat(claims).doesNotContainKey("clearance");
        assertThat(rejected).isEmpty();
    }

    @Test
    void anInvalidCountryLeavesOnlyInternationalMarkings() {
        Map<String, Object> claims = clearance("NATO SECRET", "Germany");
        assertThat(claims).containsEntry("clearance", "SECRET").doesNotContainKey("clearanceCountry");
        assertThat(rejected).containsExactly("clearanceCountry=Germany");
    }

    @Test
    void acpCoiIsAlwaysAnArrayOfKnownCommunities() {
        assertThat(claims(new CoiMapper(), Map.of("acpCOI", List.of("NATO")))).containsEntry("acpCOI", List.of("NATO"));
        assertThat(claims(new CoiMapper(), Map.of())).containsEntry("acpCOI", List.of());
        assertThat(claims(new CoiMapper(), Map.of("acpCOI", List.of("FVEY,NATO", "BOGUS", "NATO"))))
                .containsEntry("acpCOI", List.of("FVEY", "NATO"));
        assertThat(rejected).containsExactly("acpCOI=BOGUS");
    }

    @Test
    void countryOfAffiliationMustBeAlpha3() {
        assertThat(claims(new CountryOfAffiliationMapper(), Map.of("countryOfAffiliation", List.of("FRA"))))
                .containsEntry("countryOfAffiliation", "FRA");
        assertThat(claims(new CountryOfAffiliationMapper(), Map.of("countryOfAffiliation", List.of("FR")))).isEmpty();
        assertThat(rejected).containsExactly("countryOfAffiliation=FR");
    }

    @Test
    void organizationTypeIsOneOfThree() {
        assertThat(claims(new OrganizationTypeMapper(), Map.of("organizationType", List.of("industry"))))
                .containsEntry("organizationType", "INDUSTRY");
        assertThat(claims(new OrganizationTypeMapper(), Map.of("organizationType", List.of("NGO")))).isEmpty();
        assertThat(rejected).containsExactly("organizationType=NGO");
    }

    @Test
    void uniqueIdIsCopiedWhenPresent() {
        assertThat(claims(new UniqueIdMapper(), Map.of("uniqueID", List.of("u-1")))).containsEntry("uniqueID", "u-1");
        assertThat(claims(new UniqueIdMapper(), Map.of())).isEmpty();
    }

    @Test
    void logValuesCannotForgeLines() {
        assertThat(io.dive.model.SafeText.of("SECRET\nWARN fake")).isEqualTo("SECRET\\u000aWARN fake");
    }
}
