package io.dive.mappers;

import io.dive.model.CoalitionAttributes;
import io.dive.model.CoalitionClaims;
import java.util.Map;
import org.keycloak.models.UserModel;

/**
 * Emits {@code uniqueID} from the user's {@value CoalitionAttributes#UNIQUE_ID} attribute. A user
 * without one gets no claim: a resource server must never see an invented identity.
 */
public final class UniqueIdMapper extends CoalitionClaimMapper {

    public static final String PROVIDER_ID = "dive-unique-id-mapper";

    public UniqueIdMapper() {
        super(PROVIDER_ID, "DIVE: uniqueID",
                "Adds the coalition uniqueID claim from the user's uniqueID attribute; omitted when the user has none.");
    }

    @Override
    void addClaims(UserModel user, Map<String, Object> claims, AttributeWarnings warnings) {
        String uniqueId = single(user, CoalitionAttributes.UNIQUE_ID);
        if (uniqueId != null) {
            claims.put(CoalitionClaims.UNIQUE_ID, uniqueId);
        }
    }
}
