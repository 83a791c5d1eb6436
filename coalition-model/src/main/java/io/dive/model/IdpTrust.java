package io.dive.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one identity provider of the broker may assert about its users (issue 11, item 1): the
 * countries for {@code countryOfAffiliation} and {@code clearanceCountry}, the COIs, and the
 * organization types. Kept in the identity provider's config map under the {@code dive.trust.*} keys
 * (comma-separated values), so Terraform sets it through the provider's {@code extra_config}.
 *
 * <p>A missing key means "may assert nothing" for that attribute: an identity provider nobody
 * configured cannot speak for anyone (fail closed).
 */
public record IdpTrust(Set<String> countries, Set<String> cois, Set<String> organizationTypes) {

    public static final String COUNTRIES = "dive.trust.countries";
    public static final String COIS = "dive.trust.cois";
    public static final String ORGANIZATION_TYPES = "dive.trust.organizationTypes";

    public IdpTrust {
        countries = Set.copyOf(countries);
        cois = Set.copyOf(cois);
        organizationTypes = Set.copyOf(organizationTypes);
    }

    /** Reads the {@code dive.trust.*} keys of an identity provider's config (null: trusts nothing). */
    public static IdpTrust from(Map<String, String> config) {
        Map<String, String> values = config == null ? Map.of() : config;
        return new IdpTrust(list(values.get(COUNTRIES)), list(values.get(COIS)), list(values.get(ORGANIZATION_TYPES)));
    }

    /** The {@code dive.trust.*} entries of an identity provider's config, values sorted. */
    public Map<String, String> toConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(COUNTRIES, String.join(",", new TreeSet<>(countries)));
        config.put(COIS, String.join(",", new TreeSet<>(cois)));
        config.put(ORGANIZATION_TYPES, String.join(",", new TreeSet<>(organizationTypes)));
        return config;
    }

    /** The one organization type an identity provider allows, which it then always gets (industry). */
    public Optional<String> forcedOrganizationType() {
        return organizationTypes.size() == 1 ? Optional.of(organizationTypes.iterator().next()) : Optional.empty();
    }

    private static Set<String> list(String raw) {
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(raw.split(",")).map(String::strip).filter(value -> !value.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
