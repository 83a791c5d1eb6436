package io.dive.realms;

import io.dive.model.IdpTrust;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated national identity provider: a realm brokered into {@code dive-broker}.
 *
 * @param alias the identity-provider alias in the broker, also the realm suffix ({@code dive-<alias>})
 * @param country ISO 3166-1 alpha-3 of the nation (for the industry realm: its users' default)
 * @param displayName shown on the broker's login page
 * @param protocol {@code oidc} or {@code saml}
 * @param cois communities of interest every user of the realm holds
 * @param markingOverrides level name → the native spelling demo users of that level hold, where the
 *     first marking of the reference is not the one worth demonstrating (checked to resolve)
 * @param industry true for the cleared-industry realm
 */
record Nation(String alias, String country, String displayName, String protocol, List<String> cois,
        Map<String, String> markingOverrides, boolean industry) {

    String realm() {
        return "dive-" + alias;
    }

    /**
     * What the broker lets this nation's IdP assert (issue 11): its own country only, its own COIs,
     * and government or military users. The cleared-industry IdP serves companies of several nations
     * (their countries only) and always industry users.
     */
    IdpTrust trust() {
        return industry
                ? new IdpTrust(Set.copyOf(DemoUsers.INDUSTRY_COUNTRIES), Set.copyOf(cois), Set.of("INDUSTRY"))
                : new IdpTrust(Set.of(country), Set.copyOf(cois), Set.of("GOV", "MIL"));
    }

    boolean saml() {
        return "saml".equals(protocol);
    }

    /** The nations of the local demo: nine national realms, FRA over SAML, and industry. */
    static List<Nation> demo() {
        return List.of(
                new Nation("usa", "USA", "United States", "oidc", List.of("FVEY", "NATO"), Map.of(), false),
                new Nation("gbr", "GBR", "United Kingdom", "oidc", List.of("FVEY", "NATO"), Map.of(), false),
                new Nation("can", "CAN", "Canada", "oidc", List.of("FVEY", "NATO"), Map.of(), false),
                // SECRET DEFENSE without accents: the form most legacy French directories hold.
                new Nation("fra", "FRA", "France", "saml", List.of("NATO"),
                        Map.of("SECRET", "SECRET DEFENSE", "CONFIDENTIAL", "CONFIDENTIEL DÉFENSE"), false),
                new Nation("deu", "DEU", "Deutschland", "oidc", List.of("NATO"), Map.of(), false),
                new Nation("ita", "ITA", "Italia", "oidc", List.of("NATO"),
                        Map.of("RESTRICTED", "RISERVATO", "CONFIDENTIAL", "RISERVATISSIMO"), false),
                new Nation("esp", "ESP", "España", "oidc", List.of("NATO"), Map.of(), false),
                new Nation("pol", "POL", "Polska", "oidc", List.of("NATO"), Map.of(), false),
                new Nation("nld", "NLD", "Nederland", "oidc", List.of("NATO"), Map.of(), false),
                new Nation("industry", "USA", "Cleared industry", "oidc", List.of(), Map.of(), true));
    }
}
