package io.dive.mappers;

import io.dive.model.CoalitionAttributes;
import io.dive.model.CoalitionClaims;
import io.dive.model.Countries;
import java.util.Map;
import org.keycloak.models.UserModel;

/** Emits {@code countryOfAffiliation} when the attribute is an ISO 3166-1 alpha-3 code. */
public final class CountryOfAffiliationMapper extends CoalitionClaimMapper {

    public static final String PROVIDER_ID = "dive-country-of-affiliation-mapper";

    public CountryOfAffiliationMapper() {
        super(PROVIDER_ID, "DIVE: countryOfAffiliation",
                "Adds countryOfAffiliation (ISO 3166-1 alpha-3) from the user's attribute; invalid codes are omitted and logged.");
    }

    @Override
    void addClaims(UserModel user, Map<String, Object> claims, AttributeWarnings warnings) {
        putNormalized(user, CoalitionAttributes.COUNTRY_OF_AFFILIATION, CoalitionClaims.COUNTRY_OF_AFFILIATION,
                country -> Countries.isValid(country) ? country : null, "is not ISO 3166-1 alpha-3", claims, warnings);
    }
}
