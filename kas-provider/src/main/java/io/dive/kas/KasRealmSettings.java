package io.dive.kas;

import io.dive.kas.keys.software.SoftwareKeyProviderFactory;
import java.util.Arrays;
import java.util.List;
import org.keycloak.models.RealmModel;

/**
 * The KAS settings a realm admin chooses, as realm attributes (Terraform: {@code attributes} of
 * {@code keycloak_realm}).
 *
 * @param keyProvider {@code dive.kas.keyProvider}: {@code software} (default), {@code pkcs11} or {@code gcp-kms}
 * @param trustedIssuers {@code dive.kas.trustedIssuers}: space-separated issuers (besides this realm)
 *     whose tokens the KAS accepts, verified against their JWKS
 * @param audience {@code dive.kas.audience}: when set, a token is accepted only if its {@code aud} or
 *     {@code azp} names this value (e.g. the client id of the DIVE applications); default unset
 * @param publicUrl {@code dive.kas.url}: the KAS URL written into key access objects and accepted in
 *     them; default (null) the URL the request came in on. Set it behind a load balancer or when
 *     cluster nodes are reached under different names.
 */
public record KasRealmSettings(String keyProvider, List<String> trustedIssuers, String audience, String publicUrl) {

    public static final String KEY_PROVIDER = "dive.kas.keyProvider";
    public static final String TRUSTED_ISSUERS = "dive.kas.trustedIssuers";
    public static final String PUBLIC_URL = "dive.kas.url";
    public static final String AUDIENCE = "dive.kas.audience";

    static KasRealmSettings of(RealmModel realm) {
        String provider = realm.getAttribute(KEY_PROVIDER);
        String issuers = realm.getAttribute(TRUSTED_ISSUERS);
        String url = realm.getAttribute(PUBLIC_URL);
        String audience = realm.getAttribute(AUDIENCE);
        return new KasRealmSettings(provider == null || provider.isBlank() ? SoftwareKeyProviderFactory.PROVIDER_ID : provider.trim(),
                issuers == null ? List.of() : Arrays.stream(issuers.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList(),
                audience == null || audience.isBlank() ? null : audience.trim(), url == null || url.isBlank() ? null : url.trim());
    }
}
