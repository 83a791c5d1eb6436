package io.dive.authenticators.clearance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.model.ClearanceLevel;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RoleModel;
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
        return matches(attributes, List.of());
    }

    /** ... and these role mappings (no groups). */
    private static boolean matches(Map<String, String> attributes, List<RoleModel> roles) {
        UserModel user = (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFirstAttribute" -> attributes.get((String) args[0]);
                    case "getRoleMappingsStream" -> roles.stream();
                    case "getGroupsStream" -> Stream.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
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

    /** A role of {@code clientId} (null: a realm role), not composite. */
    private static RoleModel role(String clientId, String name) {
        ClientModel client = clientId == null ? null : (ClientModel) Proxy.newProxyInstance(ClientModel.class.getClassLoader(),
                new Class<?>[] {ClientModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getClientId" -> clientId;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (RoleModel) Proxy.newProxyInstance(RoleModel.class.getClassLoader(), new Class<?>[] {RoleModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> name;
                    case "isClientRole" -> client != null;
                    case "getContainer" -> client;
                    case "isComposite" -> false;
                    case "getCompositesStream" -> Stream.empty();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aRealmManagementRoleOrTheAuditorRoleNeedsTheSecondFactorWhateverTheClearance() {
        Map<String, String> unclassified = Map.of("clearance", "NATO UNCLASSIFIED", "countryOfAffiliation", "USA");
        assertThat(matches(unclassified)).isFalse();
        assertThat(matches(unclassified, List.of(role("realm-management", "manage-users")))).isTrue();
        assertThat(matches(unclassified, List.of(role("realm-management", "view-users")))).isTrue();
        assertThat(matches(unclassified, List.of(role(null, "dive-auditor")))).isTrue();
        assertThat(matches(Map.of(), List.of(role("realm-management", "realm-admin")))).as("no clearance at all").isTrue();
        assertThat(matches(unclassified, List.of(role("account", "manage-account"), role(null, "offline_access"))))
                .isFalse();
    }

    @Test
    void realmManagementRolesAndTheAuditorRoleArePrivileged() {
        assertThat(PrivilegedAccounts.isPrivileged("realm-management", "manage-users")).isTrue();
        assertThat(PrivilegedAccounts.isPrivileged("realm-management", "realm-admin")).isTrue();
        assertThat(PrivilegedAccounts.isPrivileged("realm-management", "view-users")).isTrue();
        assertThat(PrivilegedAccounts.isPrivileged(null, "dive-auditor")).isTrue();
    }

    @Test
    void everyOtherRoleIsNot() {
        assertThat(PrivilegedAccounts.isPrivileged("account", "manage-account")).isFalse();
        assertThat(PrivilegedAccounts.isPrivileged("dive-demo", "dive-auditor")).as("a client role of that name").isFalse();
        assertThat(PrivilegedAccounts.isPrivileged(null, "manage-users")).as("a realm role of that name").isFalse();
        assertThat(PrivilegedAccounts.isPrivileged(null, "default-roles-dive-broker")).isFalse();
        assertThat(PrivilegedAccounts.isPrivileged(null, "offline_access")).isFalse();
    }
}
