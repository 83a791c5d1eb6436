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
 */
public record KasRealmSettings(String keyProvider, List<String> trustedIssuers) {

    public static final String KEY_PROVIDER = "dive.kas.keyProvider";
    public static final String TRUSTED_ISSUERS = "dive.kas.trustedIssuers";

    static KasRealmSettings of(RealmModel realm) {
        String provider = realm.getAttribute(KEY_PROVIDER);
        String issuers = realm.getAttribute(TRUSTED_ISSUERS);
        return new KasRealmSettings(provider == null || provider.isBlank() ? SoftwareKeyProviderFactory.PROVIDER_ID : provider.trim(),
                issuers == null ? List.of() : Arrays.stream(issuers.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList());
    }
}
