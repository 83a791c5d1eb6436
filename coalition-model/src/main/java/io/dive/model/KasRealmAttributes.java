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
    /** Comma- or space-separated client ids; a token must name one in {@code azp} or {@code aud}. */
    public static final String AUDIENCE = "dive.kas.audience";
    public static final String PUBLIC_URL = "dive.kas.url";
    /** The key set of the realm's KAS; default the realm's own (its name). Realms naming one set share its keys. */
    public static final String KEY_SET = "dive.kas.keySet";

    /**
     * The audience when a realm sets none: the DIVE applications the generated realms define (the
     * demo application, the resource server and the OpenTDF client), so that tokens of Keycloak's own clients
     * ({@code admin-cli}, {@code account}, ...) get no key.
     */
    public static final java.util.List<String> DEFAULT_AUDIENCE = java.util.List.of(DemoClients.APPLICATION, DemoClients.RESOURCE_SERVER,
            DemoClients.OPENTDF);

    /** Client ids of the DIVE applications; the realm generator creates its clients from these. */
    public static final class DemoClients {
        public static final String APPLICATION = "dive-demo";
        public static final String RESOURCE_SERVER = "dive-resource-server";
        /** A confidential client that requires DPoP, for OpenTDF SDKs (client credentials; its service account is cleared). */
        public static final String OPENTDF = "dive-opentdf";

        private DemoClients() {
        }
    }

    private KasRealmAttributes() {
    }
}
