package io.dive.model;

/** Claim names of the DIVE token contract (SPEC §4); OPA input uses the same names. */
public final class CoalitionClaims {

    public static final String UNIQUE_ID = "uniqueID";
    /** The normalized level: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET or TOP_SECRET. */
    public static final String CLEARANCE = "clearance";
    /** The native marking the level was derived from. */
    public static final String CLEARANCE_ORIGINAL = "clearanceOriginal";
    public static final String CLEARANCE_COUNTRY = "clearanceCountry";
    /**
     * {@code "legacy"} when the marking is no longer issued (it still resolves); absent for current
     * markings. OPA reads it as {@code subject.clearanceStatus}.
     */
    public static final String CLEARANCE_STATUS = "clearanceStatus";
    public static final String COUNTRY_OF_AFFILIATION = "countryOfAffiliation";
    /** Always a JSON array. */
    public static final String ACP_COI = "acpCOI";
    public static final String ORGANIZATION_TYPE = "organizationType";

    private CoalitionClaims() {
    }
}
