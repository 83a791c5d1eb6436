package io.dive.realms;

import io.dive.model.CoalitionAttributes;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPAttributeRequired;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileConstants;
import org.keycloak.userprofile.validator.PersonNameProhibitedCharactersValidator;
import org.keycloak.userprofile.validator.UsernameIDNHomographValidator;
import org.keycloak.userprofile.validator.UsernameProhibitedCharactersValidator;
import org.keycloak.validate.validators.EmailValidator;
import org.keycloak.validate.validators.LengthValidator;

/**
 * The user profile: the coalition attributes are declared, visible to the user, and editable only
 * by administrators (or, in the broker, by the national IdP's attribute import). Names and e-mail
 * are required only in national realms, so that a brokered first login never stops on a review form.
 */
final class UserProfile {

    static final String COALITION_GROUP = "dive-coalition";

    private static final Map<String, String> COALITION_ATTRIBUTES = new LinkedHashMap<>();

    static {
        COALITION_ATTRIBUTES.put(CoalitionAttributes.UNIQUE_ID, "Coalition unique ID");
        COALITION_ATTRIBUTES.put(CoalitionAttributes.CLEARANCE, "Clearance (national marking)");
        COALITION_ATTRIBUTES.put(CoalitionAttributes.CLEARANCE_COUNTRY, "Clearance issuing country (ISO 3166-1 alpha-3)");
        COALITION_ATTRIBUTES.put(CoalitionAttributes.COUNTRY_OF_AFFILIATION, "Country of affiliation (ISO 3166-1 alpha-3)");
        COALITION_ATTRIBUTES.put(CoalitionAttributes.ACP_COI, "Communities of interest");
        COALITION_ATTRIBUTES.put(CoalitionAttributes.ORGANIZATION_TYPE, "Organization type (GOV, MIL, INDUSTRY)");
    }

    private UserProfile() {
    }

    /** The coalition attributes every DIVE user holds, in the order the profile lists them. */
    static List<String> coalitionAttributes() {
        return List.copyOf(COALITION_ATTRIBUTES.keySet());
    }

    static UPConfig of(boolean national) {
        UPConfig profile = new UPConfig();
        UPAttribute username = attribute(UserModel.USERNAME, "${username}", false,
                UserProfileConstants.ROLE_ADMIN, UserProfileConstants.ROLE_USER);
        username.addValidation(LengthValidator.ID, Map.of(LengthValidator.KEY_MIN, 3, LengthValidator.KEY_MAX, 255));
        username.addValidation(UsernameProhibitedCharactersValidator.ID, Map.of());
        username.addValidation(UsernameIDNHomographValidator.ID, Map.of());
        profile.addOrReplaceAttribute(username);
        for (String name : List.of(UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME)) {
            UPAttribute attribute = attribute(name, "${" + name + "}", false,
                    UserProfileConstants.ROLE_ADMIN, UserProfileConstants.ROLE_USER);
            attribute.addValidation(LengthValidator.ID, Map.of(LengthValidator.KEY_MAX, 255));
            attribute.addValidation(name.equals(UserModel.EMAIL) ? EmailValidator.ID : PersonNameProhibitedCharactersValidator.ID,
                    Map.of());
            if (national) {
                attribute.setRequired(new UPAttributeRequired(new LinkedHashSet<>(List.of(UserProfileConstants.ROLE_USER)), null));
            }
            profile.addOrReplaceAttribute(attribute);
        }
        COALITION_ATTRIBUTES.forEach((name, displayName) -> {
            // Users see their coalition attributes but can never raise their clearance or change their nation.
            UPAttribute attribute = attribute(name, displayName, name.equals(CoalitionAttributes.ACP_COI),
                    UserProfileConstants.ROLE_ADMIN);
            attribute.setGroup(COALITION_GROUP);
            attribute.addValidation(LengthValidator.ID, Map.of(LengthValidator.KEY_MAX, 255));
            profile.addOrReplaceAttribute(attribute);
        });
        profile.addGroup(group("user-metadata", "User metadata", "Attributes, which refer to user metadata"));
        profile.addGroup(group(COALITION_GROUP, "Coalition attributes",
                "Set by the national identity provider or an administrator; users cannot change them"));
        return profile;
    }

    /** An attribute everyone may view and only {@code editors} may change. */
    private static UPAttribute attribute(String name, String displayName, boolean multivalued, String... editors) {
        UPAttribute attribute = new UPAttribute(name, multivalued, new UPAttributePermissions(
                new LinkedHashSet<>(List.of(UserProfileConstants.ROLE_ADMIN, UserProfileConstants.ROLE_USER)),
                new LinkedHashSet<>(List.of(editors))));
        attribute.setDisplayName(displayName);
        return attribute;
    }

    private static UPGroup group(String name, String header, String description) {
        UPGroup group = new UPGroup(name);
        group.setDisplayHeader(header);
        group.setDisplayDescription(description);
        return group;
    }
}
