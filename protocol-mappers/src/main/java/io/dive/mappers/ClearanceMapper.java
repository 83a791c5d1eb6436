package io.dive.mappers;

import io.dive.model.ClearanceAttributes;
import io.dive.model.ClearanceReference;
import io.dive.model.ClearanceResolution;
import io.dive.model.CoalitionAttributes;
import io.dive.model.CoalitionClaims;
import io.dive.model.NationalMarking;
import java.util.Map;
import org.keycloak.models.UserModel;

/**
 * Emits {@code clearance} (normalized level), {@code clearanceOriginal} (the native marking),
 * {@code clearanceCountry} and, for a marking no longer issued, {@code clearanceStatus: "legacy"},
 * from the user's clearance attributes, resolved by the one resolution the OTP condition also uses
 * ({@link ClearanceReference#resolve(ClearanceAttributes)}: the clearance country defaults to the
 * country of affiliation). An unknown, malformed or look-alike marking yields neither
 * {@code clearance} nor {@code clearanceOriginal}; a legacy one is warned about once per login.
 */
public final class ClearanceMapper extends CoalitionClaimMapper {

    public static final String PROVIDER_ID = "dive-clearance-mapper";

    public ClearanceMapper() {
        super(PROVIDER_ID, "DIVE: clearance",
                "Adds clearance (normalized level), clearanceOriginal, clearanceCountry and, for legacy markings, "
                        + "clearanceStatus from the user's national clearance marking. Unknown markings are omitted and "
                        + "logged, never defaulted.");
    }

    @Override
    void addClaims(UserModel user, Map<String, Object> claims, AttributeWarnings warnings) {
        ClearanceResolution resolution = ClearanceReference.standard().resolve(ClearanceAttributes.read(user::getFirstAttribute));
        resolution.invalidCountry().ifPresent(country ->
                warnings.omitted(CoalitionAttributes.CLEARANCE_COUNTRY, country, "is not ISO 3166-1 alpha-3"));
        resolution.clearanceCountry().ifPresent(country -> claims.put(CoalitionClaims.CLEARANCE_COUNTRY, country));
        String marking = user.getFirstAttribute(CoalitionAttributes.CLEARANCE);
        if (resolution.isResolved()) {
            NationalMarking row = resolution.marking().orElseThrow();
            claims.put(CoalitionClaims.CLEARANCE, row.level().name());
            claims.put(CoalitionClaims.CLEARANCE_ORIGINAL, marking.strip());
            if (row.isLegacy()) {
                claims.put(CoalitionClaims.CLEARANCE_STATUS, row.status().label());
                warnings.legacy(CoalitionAttributes.CLEARANCE, marking, "is a legacy " + row.country() + " marking ('"
                        + row.marking() + "', no longer issued), accepted as " + row.level().name()
                        + "; re-issue the clearance with a current marking");
            }
        } else if (resolution.failure().orElseThrow() != ClearanceResolution.Failure.MISSING) {
            warnings.omitted(CoalitionAttributes.CLEARANCE, marking, "is not a clearance: " + resolution.detail()
                    + "; the user is treated as uncleared");
        }
    }
}
