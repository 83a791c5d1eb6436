package io.dive.realms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.Constants;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.RolesRepresentation;
import org.keycloak.userprofile.DeclarativeUserProfileProvider;
import org.keycloak.userprofile.DeclarativeUserProfileProviderFactory;
import org.keycloak.userprofile.UserProfileProvider;

/** What the broker and the national realms share: theme, locales, user profile and default roles. */
final class RealmBase {

    private RealmBase() {
    }

    static RealmRepresentation of(String name, String displayName, boolean national) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setDisplayName(displayName);
        realm.setEnabled(true);
        realm.setLoginTheme("dive");
        realm.setInternationalizationEnabled(true);
        realm.setDefaultLocale("en");
        realm.setSupportedLocales(new LinkedHashSet<>(List.of("en", "fr", "de")));
        realm.setSslRequired("external");
        realm.setBruteForceProtected(true);
        realm.setAccessTokenLifespan(300);
        addDefaultRoles(realm);

        ComponentExportRepresentation profile = new ComponentExportRepresentation();
        profile.setProviderId(DeclarativeUserProfileProviderFactory.ID);
        profile.setConfig(new MultivaluedHashMap<>(Map.of(DeclarativeUserProfileProvider.UP_COMPONENT_CONFIG_KEY,
                List.of(CoalitionRealms.compactJson(UserProfile.of(national))))));
        MultivaluedHashMap<String, ComponentExportRepresentation> components = new MultivaluedHashMap<>();
        components.add(UserProfileProvider.class.getName(), profile);
        realm.setComponents(components);
        realm.setUsers(new ArrayList<>());
        return realm;
    }

    /** The name of the realm's default role, as Keycloak names it. */
    static String defaultRole(String realm) {
        return Constants.DEFAULT_ROLES_ROLE_PREFIX + "-" + realm;
    }

    /**
     * The default roles Keycloak gives a realm it creates: the account console's
     * {@code manage-account} and {@code view-profile}, {@code offline_access} and
     * {@code uma_authorization}. Keycloak grants them to users it creates (brokered users on their
     * first login) but not to users a realm file imports, which therefore name the role themselves
     * ({@link DemoUsers}); without it the account console refuses them.
     */
    private static void addDefaultRoles(RealmRepresentation realm) {
        RoleRepresentation.Composites composites = new RoleRepresentation.Composites();
        composites.setRealm(new LinkedHashSet<>(List.of(Constants.OFFLINE_ACCESS_ROLE, Constants.AUTHZ_UMA_AUTHORIZATION)));
        composites.setClient(Map.of(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID,
                List.of(AccountRoles.VIEW_PROFILE, AccountRoles.MANAGE_ACCOUNT)));
        RoleRepresentation defaults = role(defaultRole(realm.getRealm()), "${role_default-roles}");
        defaults.setComposite(true);
        defaults.setComposites(composites);
        realm.setDefaultRole(defaults);
        RolesRepresentation roles = new RolesRepresentation();
        roles.setRealm(new ArrayList<>(List.of(defaults,
                role(Constants.OFFLINE_ACCESS_ROLE, "${role_offline-access}"),
                role(Constants.AUTHZ_UMA_AUTHORIZATION, "${role_uma_authorization}"))));
        realm.setRoles(roles);
    }

    static RoleRepresentation role(String name, String description) {
        RoleRepresentation role = new RoleRepresentation();
        role.setName(name);
        role.setDescription(description);
        role.setComposite(false);
        role.setClientRole(false);
        return role;
    }
}
