package io.dive.authenticators.trust;

import io.dive.model.CoalitionAttributes;
import io.dive.model.IdpTrust;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the broker does with the attributes an identity provider just wrote on a user, given what that
 * provider may assert ({@link IdpTrust}). Pure, so every rule is unit-tested without Keycloak.
 *
 * @param refused the attributes whose value the provider may not assert: the login is refused
 * @param writes attribute → the values it gets (an empty list removes it), applied refused or not, so
 *     no forged value stays on the user
 * @param warnings what was stripped or overwritten, for the log (raw values; log through SafeText)
 */
record TrustVerdict(List<String> refused, Map<String, List<String>> writes, List<String> warnings) {

    /** Attributes checked against {@link IdpTrust#countries()}: a foreign value refuses the login. */
    static final List<String> COUNTRY_ATTRIBUTES = List.of(CoalitionAttributes.COUNTRY_OF_AFFILIATION,
            CoalitionAttributes.CLEARANCE_COUNTRY);

    static TrustVerdict of(IdpTrust trust, Function<String, List<String>> attributes, String uniqueId) {
        List<String> refused = new ArrayList<>();
        Map<String, List<String>> writes = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String attribute : COUNTRY_ATTRIBUTES) {
            List<String> values = values(attributes, attribute);
            if (!values.stream().allMatch(value -> allowed(trust.countries(), value))) {
                refused.add(attribute);
                writes.put(attribute, List.of());
                warnings.add(attribute + " " + values + " is not among the countries this IdP may assert "
                        + trust.countries() + ": login refused");
            }
        }
        List<String> cois = values(attributes, CoalitionAttributes.ACP_COI);
        List<String> kept = cois.stream().filter(coi -> allowed(trust.cois(), coi)).toList();
        if (kept.size() != cois.size()) {
            writes.put(CoalitionAttributes.ACP_COI, kept);
            warnings.add(CoalitionAttributes.ACP_COI + " " + cois + " reduced to " + kept
                    + " (the IdP may assert " + trust.cois() + ")");
        }
        List<String> types = values(attributes, CoalitionAttributes.ORGANIZATION_TYPE);
        List<String> type = trust.forcedOrganizationType().map(List::of)
                .orElseGet(() -> types.stream().filter(value -> allowed(trust.organizationTypes(), value)).toList());
        if (!type.equals(types)) {
            writes.put(CoalitionAttributes.ORGANIZATION_TYPE, type);
            warnings.add(CoalitionAttributes.ORGANIZATION_TYPE + " " + types + " replaced by " + type
                    + " (the IdP may assert " + trust.organizationTypes() + ")");
        }
        // Never taken from the IdP: the broker namespaces it by the IdP that authenticated the user.
        if (!List.of(uniqueId).equals(values(attributes, CoalitionAttributes.UNIQUE_ID))) {
            writes.put(CoalitionAttributes.UNIQUE_ID, List.of(uniqueId));
        }
        return new TrustVerdict(List.copyOf(refused), writes, List.copyOf(warnings));
    }

    private static List<String> values(Function<String, List<String>> attributes, String name) {
        List<String> values = attributes.apply(name);
        return values == null ? List.of() : values;
    }

    /** Compared the way the mappers read values (trimmed, upper case), so no spelling slips through. */
    private static boolean allowed(Set<String> trusted, String value) {
        return value != null && trusted.contains(value.strip().toUpperCase(Locale.ROOT));
    }
}
