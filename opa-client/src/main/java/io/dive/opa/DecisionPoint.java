package io.dive.opa;

/** The decisions the DIVE bundle answers, with their OPA data API paths. */
public enum DecisionPoint {
    /** May subject S do action A on resource R? */
    AUTHZ("dive/authz/decision"),
    /** May the KAS release the key of this ZTDF policy to this subject? */
    KAS("dive/kas/decision");

    private final String path;

    DecisionPoint(String path) {
        this.path = path;
    }

    /** The path under {@code /v1/data/}. */
    public String path() {
        return path;
    }
}
