package io.dive.model;

/**
 * Realm attributes that configure a realm's Key Access Service (README, "KAS settings"); shared by
 * the KAS and the realm generator so that both spell them the same way.
 */
public final class KasRealmAttributes {

    /** {@code true} to serve keys in this realm; the KAS answers 404 elsewhere (default off). */
    public static final String ENABLED = "dive.kas.enabled";
    public static final String KEY_PROVIDER = "dive.kas.keyProvider";
    public static final String TRUSTED_ISSUERS = "dive.kas.trustedIssuers";
    public static final String AUDIENCE = "dive.kas.audience";
    public static final String PUBLIC_URL = "dive.kas.url";

    private KasRealmAttributes() {
    }
}
