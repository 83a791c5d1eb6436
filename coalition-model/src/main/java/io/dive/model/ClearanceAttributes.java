package io.dive.model;

import java.util.function.UnaryOperator;

/**
 * The user attributes a clearance is read from, as a directory or an IdP delivers them. Every
 * component that needs a user's clearance (the clearance mapper, the OTP condition) reads it
 * through {@link ClearanceReference#resolve(ClearanceAttributes)}, so that they cannot disagree.
 *
 * @param clearance the national marking ({@value CoalitionAttributes#CLEARANCE}), e.g. {@code GEHEIM}
 * @param clearanceCountry the nation that issued it ({@value CoalitionAttributes#CLEARANCE_COUNTRY})
 * @param countryOfAffiliation the user's nation ({@value CoalitionAttributes#COUNTRY_OF_AFFILIATION})
 */
public record ClearanceAttributes(String clearance, String clearanceCountry, String countryOfAffiliation) {

    /** Reads the three attributes with {@code firstAttribute} (attribute name → first value, or null). */
    public static ClearanceAttributes read(UnaryOperator<String> firstAttribute) {
        return new ClearanceAttributes(firstAttribute.apply(CoalitionAttributes.CLEARANCE),
                firstAttribute.apply(CoalitionAttributes.CLEARANCE_COUNTRY),
                firstAttribute.apply(CoalitionAttributes.COUNTRY_OF_AFFILIATION));
    }

    /**
     * The issuing country as given: the clearance country, or when it is absent or blank the country
     * of affiliation; surrounding white space removed ({@code "USA "} is {@code USA}). Null when
     * neither is given. Not yet checked to be ISO 3166-1 alpha-3.
     */
    public String issuingCountry() {
        String country = stripped(clearanceCountry);
        return country != null ? country : stripped(countryOfAffiliation);
    }

    private static String stripped(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
