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
        mapper.addClaims(user(attributes), claims, (attribute, value, reason) -> rejected.add(attribute + "=" + value));
        return claims;
    }

    @Test
    void clearanceIsNormalizedWithTheNativeMarkingKept() {
        Map<String, Object> claims = claims(new ClearanceMapper(), Map.of(
                "clearance", List.of("GEHEIM"), "countryOfAffiliation", List.of("DEU")));
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
    void anUnknownClearanceIsOmittedAndReportedNeverDefaulted() {
        Map<String, Object> claims = claims(new ClearanceMapper(), Map.of(
                "clearance", List.of("SUPER SECRET"), "countryOfAffiliation", List.of("USA")));
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
        Map<String, Object> claims = claims(new ClearanceMapper(), Map.of(
                "clearance", List.of("NATO SECRET"), "countryOfAffiliation", List.of("Germany")));
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
