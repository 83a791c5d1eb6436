package io.dive.mappers;

import io.dive.model.CoalitionAttributes;
import io.dive.model.CoalitionClaims;
import io.dive.model.ClearanceReference;
import io.dive.model.ClearanceResolution;
import io.dive.model.Countries;
import java.util.Map;
import org.keycloak.models.UserModel;

/**
 * Emits {@code clearance} (normalized level), {@code clearanceOriginal} (the native marking) and
 * {@code clearanceCountry} from the user's clearance attributes, using the one national-markings
 * reference. The clearance country defaults to the country of affiliation. An unknown, malformed or
 * look-alike marking yields neither {@code clearance} nor {@code clearanceOriginal}.
 */
public final class ClearanceMapper extends CoalitionClaimMapper {

    public static final String PROVIDER_ID = "dive-clearance-mapper";

    public ClearanceMapper() {
        super(PROVIDER_ID, "DIVE: clearance",
                "Adds clearance (normalized level), clearanceOriginal and clearanceCountry from the user's national "
                        + "clearance marking. Unknown markings are omitted and logged, never defaulted.");
    }

    @Override
    void addClaims(UserModel user, Map<String, Object> claims, RejectedValues rejected) {
        String country = single(user, CoalitionAttributes.CLEARANCE_COUNTRY);
        if (country == null) {
            country = single(user, CoalitionAttributes.COUNTRY_OF_AFFILIATION);
        }
        if (country != null && !Countries.isValid(country)) {
            rejected.reject(CoalitionAttributes.CLEARANCE_COUNTRY, country, "is not ISO 3166-1 alpha-3");
            country = null;
        }
        if (country != null) {
            claims.put(CoalitionClaims.CLEARANCE_COUNTRY, country);
        }
        String marking = user.getFirstAttribute(CoalitionAttributes.CLEARANCE);
        ClearanceResolution resolution = ClearanceReference.standard().resolve(country, marking);
        if (resolution.isResolved()) {
            claims.put(CoalitionClaims.CLEARANCE, resolution.level().orElseThrow().name());
            claims.put(CoalitionClaims.CLEARANCE_ORIGINAL, marking.strip());
        } else if (resolution.failure().orElseThrow() != ClearanceResolution.Failure.MISSING) {
            rejected.reject(CoalitionAttributes.CLEARANCE, marking, "is not a clearance: " + resolution.detail()
                    + "; the user is treated as uncleared");
        }
    }
}
