package io.dive.authenticators.clearance;

import io.dive.model.ClearanceLevel;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed, null-safe view of the "DIVE: clearance at least" condition's configuration.
 *
 * <p>A missing configuration means the documented default ({@link #DEFAULT_MINIMUM}); a
 * configuration naming something that is not a level is rejected, never defaulted, so a typo by an
 * administrator cannot quietly lower the bar.
 */
public final class ClearanceAtLeastConfig {

    /** Config key: the lowest clearance for which the gated sub-flow runs. */
    public static final String MINIMUM_CLEARANCE = "minimumClearance";

    public static final ClearanceLevel DEFAULT_MINIMUM = ClearanceLevel.CONFIDENTIAL;

    private final ClearanceLevel minimum;

    private ClearanceAtLeastConfig(ClearanceLevel minimum) {
        this.minimum = minimum;
    }

    public static ClearanceAtLeastConfig from(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null ? null : model.getConfig();
        return from(config);
    }

    static ClearanceAtLeastConfig from(Map<String, String> config) {
        String raw = config == null ? null : config.get(MINIMUM_CLEARANCE);
        if (raw == null || raw.isBlank()) {
            return new ClearanceAtLeastConfig(DEFAULT_MINIMUM);
        }
        Optional<ClearanceLevel> level = ClearanceLevel.fromName(raw);
        return new ClearanceAtLeastConfig(level.orElseThrow(() -> new IllegalArgumentException(
                "'" + MINIMUM_CLEARANCE + "' must be one of UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET, "
                        + "TOP_SECRET but was '" + raw + "'")));
    }

    public ClearanceLevel minimum() {
        return minimum;
    }
}
