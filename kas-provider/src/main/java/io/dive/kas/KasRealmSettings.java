package io.dive.kas;

import io.dive.model.KasRealmAttributes;
import java.util.Arrays;
import java.util.List;
import org.keycloak.models.RealmModel;

/**
 * The KAS settings a realm admin chooses, as realm attributes (Terraform: {@code attributes} of
 * {@code keycloak_realm}).
 *
 * @param enabled {@code dive.kas.enabled}: the KAS serves keys in this realm only when {@code true}
 *     (default off: every realm has the endpoint, but a test or master realm must not release keys)
 * @param keyProvider {@code dive.kas.keyProvider}: {@code software}, {@code pkcs11} or {@code gcp-kms}; null when
 *     unset (the key provider SPI's default, as Keycloak chooses it)
 * @param keySet {@code dive.kas.keySet}: the key set whose keys this realm's KAS uses; default the
 *     realm's own (named after the realm). Realms naming the same set share its keys.
 * @param trustedIssuers {@code dive.kas.trustedIssuers}: space-separated issuers (besides this realm)
 *     whose tokens the KAS accepts, verified against their JWKS
 * @param audience {@code dive.kas.audience}: the client ids a token must name in {@code azp} or
 *     {@code aud} (comma- or space-separated); default {@link KasRealmAttributes#DEFAULT_AUDIENCE}
 * @param publicUrl {@code dive.kas.url}: the KAS URL written into key access objects and accepted in
 *     them; null when unset (then Keycloak's configured hostname, see {@link KasAddress}; required
 *     when Keycloak runs in production mode)
 */
public record KasRealmSettings(boolean enabled, String keyProvider, String keySet, List<String> trustedIssuers,
        List<String> audience, String publicUrl) {

    public static final String ENABLED = KasRealmAttributes.ENABLED;
    public static final String KEY_PROVIDER = KasRealmAttributes.KEY_PROVIDER;
    public static final String KEY_SET = KasRealmAttributes.KEY_SET;
    public static final String TRUSTED_ISSUERS = KasRealmAttributes.TRUSTED_ISSUERS;
    public static final String PUBLIC_URL = KasRealmAttributes.PUBLIC_URL;
    public static final String AUDIENCE = KasRealmAttributes.AUDIENCE;

    static KasRealmSettings of(RealmModel realm) {
        String url = realm.getAttribute(PUBLIC_URL);
        String keySet = trimmed(realm.getAttribute(KEY_SET));
        List<String> audience = list(realm.getAttribute(AUDIENCE));
        return new KasRealmSettings("true".equalsIgnoreCase(String.valueOf(realm.getAttribute(ENABLED)).trim()),
                trimmed(realm.getAttribute(KEY_PROVIDER)), keySet == null ? realm.getName() : keySet,
                list(realm.getAttribute(TRUSTED_ISSUERS)), audience.isEmpty() ? KasRealmAttributes.DEFAULT_AUDIENCE : audience,
                trimmed(url));
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> list(String value) {
        return value == null ? List.of() : Arrays.stream(value.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }
}
