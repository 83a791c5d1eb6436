package io.dive.mappers;

import io.dive.model.CoalitionAttributes;
import io.dive.model.CoalitionClaims;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.UserModel;

/** Emits {@code organizationType}: {@code GOV}, {@code MIL} or {@code INDUSTRY}. */
public final class OrganizationTypeMapper extends CoalitionClaimMapper {

    public static final String PROVIDER_ID = "dive-organization-type-mapper";

    /** The organization types of SPEC §3. */
    public static final Set<String> ORGANIZATION_TYPES = Set.of("GOV", "MIL", "INDUSTRY");

    public OrganizationTypeMapper() {
        super(PROVIDER_ID, "DIVE: organizationType",
                "Adds organizationType (GOV, MIL or INDUSTRY) from the user's attribute; other values are omitted and logged.");
    }

    @Override
    void addClaims(UserModel user, Map<String, Object> claims, AttributeWarnings warnings) {
        putNormalized(user, CoalitionAttributes.ORGANIZATION_TYPE, CoalitionClaims.ORGANIZATION_TYPE, type -> {
            String normalized = type.toUpperCase(Locale.ROOT);
            return ORGANIZATION_TYPES.contains(normalized) ? normalized : null;
        }, "is not one of GOV, MIL, INDUSTRY", claims, warnings);
    }
}
