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
 * @param trustedIssuers {@code dive.kas.trustedIssuers}: space-separated issuers (besides this realm)
 *     whose tokens the KAS accepts, verified against their JWKS
 * @param audience {@code dive.kas.audience}: when set, a token is accepted only if its {@code aud} or
 *     {@code azp} names this value (e.g. the client id of the DIVE applications); default unset
 * @param publicUrl {@code dive.kas.url}: the KAS URL written into key access objects and accepted in
 *     them; default (null) the URL the request came in on. Set it behind a load balancer or when
 *     cluster nodes are reached under different names.
 */
public record KasRealmSettings(boolean enabled, String keyProvider, List<String> trustedIssuers, String audience,
        String publicUrl) {

    public static final String ENABLED = KasRealmAttributes.ENABLED;
    public static final String KEY_PROVIDER = KasRealmAttributes.KEY_PROVIDER;
    public static final String TRUSTED_ISSUERS = KasRealmAttributes.TRUSTED_ISSUERS;
    public static final String PUBLIC_URL = KasRealmAttributes.PUBLIC_URL;
    public static final String AUDIENCE = KasRealmAttributes.AUDIENCE;

    static KasRealmSettings of(RealmModel realm) {
        String provider = realm.getAttribute(KEY_PROVIDER);
        String issuers = realm.getAttribute(TRUSTED_ISSUERS);
        String url = realm.getAttribute(PUBLIC_URL);
        String audience = realm.getAttribute(AUDIENCE);
        return new KasRealmSettings("true".equalsIgnoreCase(String.valueOf(realm.getAttribute(ENABLED)).trim()),
                provider == null || provider.isBlank() ? null : provider.trim(),
                issuers == null ? List.of() : Arrays.stream(issuers.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList(),
                audience == null || audience.isBlank() ? null : audience.trim(), url == null || url.isBlank() ? null : url.trim());
    }
}
