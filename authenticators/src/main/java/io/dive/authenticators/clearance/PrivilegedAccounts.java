package io.dive.authenticators.clearance;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * Accounts that need the second factor whatever their clearance: whoever holds a role of the
 * realm's {@code realm-management} client ({@code manage-users}, {@code realm-admin},
 * {@code view-users}, ...: they can issue activation codes, change users or read them) or the realm
 * role {@value #AUDITOR_ROLE} (reads the audit). A role counts however it is held: directly,
 * through a composite role or through a group.
 */
final class PrivilegedAccounts {

    /** The realm role of those who read the audit records. */
    static final String AUDITOR_ROLE = "dive-auditor";

    private PrivilegedAccounts() {
    }

    static boolean isPrivileged(UserModel user) {
        return RoleUtils.getDeepUserRoleMappings(user).stream().anyMatch(PrivilegedAccounts::isPrivileged);
    }

    private static boolean isPrivileged(RoleModel role) {
        return isPrivileged(role.isClientRole() ? ((ClientModel) role.getContainer()).getClientId() : null, role.getName());
    }

    /** {@code clientId}: the client the role belongs to, null for a realm role. */
    static boolean isPrivileged(String clientId, String roleName) {
        return clientId == null ? AUDITOR_ROLE.equals(roleName) : Constants.REALM_MANAGEMENT_CLIENT_ID.equals(clientId);
    }
}
