package io.dive.authenticators.clearance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.model.ClearanceLevel;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

class ClearanceAtLeastConditionTest {

    @Test
    void defaultsToConfidentialWhenUnconfigured() {
        assertThat(ClearanceAtLeastConfig.from(Map.of()).minimum()).isEqualTo(ClearanceLevel.CONFIDENTIAL);
        assertThat(ClearanceAtLeastConfig.from((Map<String, String>) null).minimum())
                .isEqualTo(ClearanceLevel.CONFIDENTIAL);
    }

    @Test
    void readsTheConfiguredLevel() {
        assertThat(ClearanceAtLeastConfig.from(Map.of(ClearanceAtLeastConfig.MINIMUM_CLEARANCE, "SECRET")).minimum())
                .isEqualTo(ClearanceLevel.SECRET);
    }

    @Test
    void rejectsAConfiguredValueThatIsNotALevel() {
        assertThatThrownBy(() -> ClearanceAtLeastConfig.from(Map.of(ClearanceAtLeastConfig.MINIMUM_CLEARANCE, "SECERT")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SECERT");
    }

    @Test
    void holdsAtAndAboveTheMinimum() {
        assertThat(ClearanceAtLeastCondition.holds(Optional.of(ClearanceLevel.CONFIDENTIAL), ClearanceLevel.CONFIDENTIAL)).isTrue();
        assertThat(ClearanceAtLeastCondition.holds(Optional.of(ClearanceLevel.TOP_SECRET), ClearanceLevel.CONFIDENTIAL)).isTrue();
        assertThat(ClearanceAtLeastCondition.holds(Optional.of(ClearanceLevel.RESTRICTED), ClearanceLevel.CONFIDENTIAL)).isFalse();
    }

    @Test
    void anUnclearedUserOnlyMeetsAnUnclassifiedMinimum() {
        assertThat(ClearanceAtLeastCondition.holds(Optional.empty(), ClearanceLevel.CONFIDENTIAL)).isFalse();
        assertThat(ClearanceAtLeastCondition.holds(Optional.empty(), ClearanceLevel.UNCLASSIFIED)).isTrue();
    }

    /** The condition for a user with these attributes, at the default minimum (CONFIDENTIAL). */
    private static boolean matches(Map<String, String> attributes) {
        UserModel user = (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getFirstAttribute")) {
                        return attributes.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        AuthenticationFlowContext context = (AuthenticationFlowContext) Proxy.newProxyInstance(
                AuthenticationFlowContext.class.getClassLoader(), new Class<?>[] {AuthenticationFlowContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getUser" -> user;
                    case "getAuthenticatorConfig" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return ClearanceAtLeastCondition.SINGLETON.matchCondition(context);
    }

    @ParameterizedTest(name = "clearance ''{0}'' of ''{1}'' (affiliation ''{2}'') needs OTP: {3}")
    @CsvSource(delimiter = '|', value = {
        "TOP SECRET|'USA '|USA|true",      // issue 11 item 7: a trailing space is still the USA, as in the token
        "TOP SECRET|' USA'|GBR|true",
        "GEHEIM||DEU|true",                // no clearance country: the country of affiliation
        "VS-NfD|DEU|DEU|false",            // RESTRICTED
        "VS – VERTRAULICH|DEU|DEU|true",   // en dash: CONFIDENTIAL
        "CONFIDENTIAL|GBR|GBR|true",       // a legacy marking still counts
        "TOP SECRET|Germany|DEU|false",    // invalid clearance country: only NATO / EU markings, none matches
        "NATO SECRET|Germany|DEU|true",
    })
    void theConditionResolvesTheClearanceAsTheMapperDoes(String clearance, String clearanceCountry, String affiliation,
            boolean expected) {
        Map<String, String> attributes = new java.util.HashMap<>();
        attributes.put("clearance", clearance);
        attributes.put("clearanceCountry", clearanceCountry);
        attributes.put("countryOfAffiliation", affiliation);
        assertThat(matches(attributes)).isEqualTo(expected);
    }
}
