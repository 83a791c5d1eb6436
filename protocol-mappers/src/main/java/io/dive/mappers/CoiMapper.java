package io.dive.mappers;

import io.dive.model.CoalitionAttributes;
import io.dive.model.CoalitionClaims;
import io.dive.model.CoiRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.UserModel;

/**
 * Emits {@code acpCOI} as a JSON array — also with one value, also with none — holding the user's
 * communities of interest that the COI registry knows. Unknown names are dropped and logged.
 */
public final class CoiMapper extends CoalitionClaimMapper {

    public static final String PROVIDER_ID = "dive-acp-coi-mapper";

    public CoiMapper() {
        super(PROVIDER_ID, "DIVE: acpCOI",
                "Adds acpCOI, always a JSON array, with the user's communities of interest known to the COI registry; "
                        + "unknown names are omitted and logged.");
    }

    @Override
    void addClaims(UserModel user, Map<String, Object> claims, AttributeWarnings warnings) {
        Set<String> cois = new LinkedHashSet<>();
        user.getAttributeStream(CoalitionAttributes.ACP_COI).forEach(value -> {
            // Some IdPs deliver several COIs as one comma-separated value.
            for (String name : value.split(",")) {
                String coi = name.strip();
                if (coi.isEmpty()) {
                    continue;
                }
                if (CoiRegistry.standard().isCoi(coi)) {
                    cois.add(coi);
                } else {
                    warnings.omitted(CoalitionAttributes.ACP_COI, coi, "is not a community of interest in the COI registry");
                }
            }
        });
        List<String> sorted = new ArrayList<>(cois);
        sorted.sort(null);
        claims.put(CoalitionClaims.ACP_COI, sorted);
    }
}
