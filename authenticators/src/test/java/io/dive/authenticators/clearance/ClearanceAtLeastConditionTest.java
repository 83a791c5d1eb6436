package io.dive.authenticators.clearance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.model.ClearanceLevel;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
