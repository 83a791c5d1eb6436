package io.dive.model;

/** User attribute names the DIVE mappers read (declared in every realm's user profile). */
public final class CoalitionAttributes {

    public static final String UNIQUE_ID = "uniqueID";
    /** The clearance as the issuing nation writes it, e.g. {@code GEHEIM}. */
    public static final String CLEARANCE = "clearance";
    /** ISO 3166-1 alpha-3 of the nation that issued the clearance. */
    public static final String CLEARANCE_COUNTRY = "clearanceCountry";
    public static final String COUNTRY_OF_AFFILIATION = "countryOfAffiliation";
    public static final String ACP_COI = "acpCOI";
    public static final String ORGANIZATION_TYPE = "organizationType";

    private CoalitionAttributes() {
    }
}
