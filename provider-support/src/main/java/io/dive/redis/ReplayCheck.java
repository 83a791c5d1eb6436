package io.dive.redis;

/**
 * What a cluster-wide replay check (a one-time code claimed in Redis) does when Redis cannot be
 * asked: the {@code replayCheck} setting, one for every DIVE feature that claims values in Redis.
 */
public enum ReplayCheck {
    /** The default: the check is skipped and counted; the caller's own check (Keycloak's per-node reuse check) remains. */
    BEST_EFFORT("best-effort"),
    /** The value is refused and counted: nothing is accepted that was not claimed cluster-wide. */
    REQUIRED("required");

    public static final String SETTING = "replayCheck";

    private final String value;

    ReplayCheck(String value) {
        this.value = value;
    }

    /** As the setting spells it. */
    public String value() {
        return value;
    }

    /** What became of one replay check that could not ask Redis. */
    public enum Outcome {
        SKIPPED, REFUSED
    }
}
