package io.dive.realms;

import io.dive.model.ClearanceLevel;
import io.dive.model.ClearanceReference;
import io.dive.model.CoalitionAttributes;
import io.dive.model.NationalMarking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.Constants;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** The demo users: the broker's local accounts and every national realm's users, one per level. */
final class DemoUsers {

    /** Industry users' countries, round-robin over the levels (also what the industry IdP may assert). */
    static final List<String> INDUSTRY_COUNTRIES = List.of("USA", "GBR", "DEU", "FRA", "CAN");

    private DemoUsers() {
    }

    /**
     * One demo user: who they are and the coalition attributes their directory holds.
     *
     * @param realm the realm the user lives in (also the domain of the coalition unique ID)
     * @param marking the native clearance marking, as the user's directory spells it
     * @param country clearance-issuing country and country of affiliation (ISO 3166-1 alpha-3)
     */
    record DemoUser(String username, String realm, String firstName, String lastName, String email, String marking,
            String country, List<String> cois, String organizationType) {

        /** The user as the realm file imports it, holding the realm's default roles. */
        UserRepresentation representation() {
            UserRepresentation user = new UserRepresentation();
            user.setUsername(username);
            user.setEnabled(true);
            user.setEmailVerified(true);
            user.setFirstName(firstName);
            user.setLastName(lastName);
            user.setEmail(email);
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            attributes.put(CoalitionAttributes.UNIQUE_ID, List.of(username + "@" + realm));
            attributes.put(CoalitionAttributes.CLEARANCE, List.of(marking));
            attributes.put(CoalitionAttributes.CLEARANCE_COUNTRY, List.of(country));
            attributes.put(CoalitionAttributes.COUNTRY_OF_AFFILIATION, List.of(country));
            attributes.put(CoalitionAttributes.ACP_COI, cois);
            attributes.put(CoalitionAttributes.ORGANIZATION_TYPE, List.of(organizationType));
            user.setAttributes(attributes);
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue(CoalitionRealms.DEMO_PASSWORD);
            password.setTemporary(false);
            user.setCredentials(List.of(password));
            user.setRealmRoles(List.of(RealmBase.defaultRole(realm)));
            return user;
        }
    }

    /** The broker's local accounts (USA, NATO markings): the demo user, service users and the user administrator. */
    static List<UserRepresentation> broker() {
        String realm = CoalitionRealms.BROKER_REALM;
        List<UserRepresentation> users = new ArrayList<>();
        users.add(new DemoUser("dive-demo", realm, "Dana", "Demo", "dive-demo@example.org", "NATO UNCLASSIFIED", "USA",
                List.of("NATO"), "GOV").representation());
        // Local broker accounts at SECRET and TOP SECRET: the password grant with 'totp' (service users).
        users.add(local("broker-top-secret", "COSMIC TOP SECRET").representation());
        users.add(local("broker-secret", "NATO SECRET").representation());
        // The realm's user administrator (issues OTP activation codes): uncleared, but a realm-management
        // role needs the second factor whatever the clearance.
        UserRepresentation admin = local("broker-admin", "NATO UNCLASSIFIED").representation();
        admin.setClientRoles(Map.of(Constants.REALM_MANAGEMENT_CLIENT_ID, List.of(AdminRoles.MANAGE_USERS, AdminRoles.VIEW_USERS)));
        users.add(admin);
        return users;
    }

    /**
     * The OpenTDF client's service account: a USA CONFIDENTIAL government account in the NATO and
     * FVEY communities, so that the SDK gets keys for files released to USA at that level.
     */
    static UserRepresentation openTdfServiceAccount() {
        String client = io.dive.model.KasRealmAttributes.DemoClients.OPENTDF;
        UserRepresentation account = new DemoUser("service-account-" + client, CoalitionRealms.BROKER_REALM, "OpenTDF", "SDK",
                null, "NATO CONFIDENTIAL", "USA", List.of("NATO", "FVEY"), "GOV").representation();
        account.setServiceAccountClientId(client);
        account.setCredentials(null);
        account.setEmail(null);
        return account;
    }

    private static DemoUser local(String username, String natoMarking) {
        return new DemoUser(username, CoalitionRealms.BROKER_REALM, "Broker", natoMarking, username + "@dive.example",
                natoMarking, "USA", List.of("NATO"), "GOV");
    }

    /** A national realm's users: one at every level (named {@code <alias>-<level>}), and USA's unknown marking. */
    static List<UserRepresentation> national(Nation nation) {
        List<UserRepresentation> users = new ArrayList<>();
        int index = 0;
        for (ClearanceLevel level : ClearanceLevel.values()) {
            String country = nation.industry() ? INDUSTRY_COUNTRIES.get(index++ % INDUSTRY_COUNTRIES.size()) : nation.country();
            String username = nation.alias() + "-" + level.name().toLowerCase(Locale.ROOT).replace('_', '-');
            users.add(national(nation, username, country, marking(nation, country, level), level).representation());
        }
        if (nation.alias().equals("usa")) {
            // A directory value no reference knows: the claim must be omitted and a warning logged.
            users.add(national(nation, "usa-unknown-clearance", "USA", "ULTRA SECRET", null).representation());
        }
        return users;
    }

    private static DemoUser national(Nation nation, String username, String country, String marking, ClearanceLevel level) {
        String title = level == null ? "Unknown clearance" : level.name().replace('_', ' ');
        String organizationType = nation.industry() ? "INDUSTRY" : level != null && level.ordinal() % 2 == 1 ? "MIL" : "GOV";
        return new DemoUser(username, nation.realm(), nation.displayName(), title,
                username + "@" + nation.alias() + ".dive.example", marking, country, nation.cois(), organizationType);
    }

    /** The native marking a demo user of {@code level} holds, checked to resolve to that level. */
    static String marking(Nation nation, String country, ClearanceLevel level) {
        ClearanceReference reference = ClearanceReference.standard();
        String marking = nation.industry() ? null : nation.markingOverrides().get(level.name());
        if (marking == null) {
            marking = reference.markings().stream()
                    .filter(m -> m.country().equals(country) && m.level() == level && !m.isLegacy())
                    .map(NationalMarking::marking).findFirst()
                    // No current national marking at this level (USA RESTRICTED, GBR CONFIDENTIAL): NATO's.
                    .orElseGet(() -> reference.markings().stream()
                            .filter(m -> m.country().equals("NATO") && m.level() == level)
                            .map(NationalMarking::marking).findFirst().orElseThrow());
        }
        ClearanceLevel resolved = reference.resolve(country, marking).level().orElse(null);
        if (resolved != level) {
            throw new IllegalStateException(nation.alias() + ": demo marking '" + marking + "' resolves to " + resolved
                    + ", not " + level);
        }
        return marking;
    }
}
