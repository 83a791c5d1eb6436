package io.dive.authenticators.trust;

import io.dive.authenticators.FixedStepFactory;
import io.dive.model.IdpTrust;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/**
 * Registers "DIVE: identity provider trust". It has no execution config: what each identity
 * provider may assert lives in that provider's config map ({@link IdpTrust} keys).
 */
public final class IdpTrustAuthenticatorFactory implements FixedStepFactory {

    public static final String PROVIDER_ID = "dive-idp-trust";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return IdpTrustAuthenticator.SINGLETON;
    }

    @Override
    public String getDisplayType() {
        return "DIVE: identity provider trust";
    }

    @Override
    public String getReferenceCategory() {
        return "dive-trust";
    }

    @Override
    public String getHelpText() {
        return "Post-broker login: refuses a country the identity provider may not assert, strips other COIs and "
                + "organization types, and sets uniqueID to <subject>@<alias>. Configured per identity provider ("
                + IdpTrust.COUNTRIES + ", " + IdpTrust.COIS + ", " + IdpTrust.ORGANIZATION_TYPES + ").";
    }
}
