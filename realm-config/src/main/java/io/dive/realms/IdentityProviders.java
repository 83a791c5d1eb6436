package io.dive.realms;

import static io.dive.realms.CoalitionRealms.BROKER_REALM;
import static io.dive.realms.CoalitionRealms.URL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.broker.oidc.KeycloakOIDCIdentityProviderFactory;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.oidc.mappers.AbstractClaimMapper;
import org.keycloak.broker.saml.SAMLIdentityProviderConfig;
import org.keycloak.broker.saml.SAMLIdentityProviderFactory;
import org.keycloak.broker.saml.mappers.UserAttributeMapper;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderMapperSyncMode;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.utils.DefaultAuthenticationFlows;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * The broker's side of each nation: its identity provider (OIDC, or SAML for FRA) and the mappers
 * that import the coalition attributes from it.
 */
final class IdentityProviders {

    private IdentityProviders() {
    }

    static IdentityProviderRepresentation of(Nation nation) {
        return nation.saml() ? saml(nation) : oidc(nation);
    }

    /** The client secret the broker and the nation's realm share (local demo only). */
    static String brokerSecret(Nation nation) {
        return "dive-broker-" + nation.alias() + "-secret";
    }

    private static IdentityProviderRepresentation oidc(Nation nation) {
        String base = URL + "/realms/" + nation.realm() + "/protocol/openid-connect";
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", "dive-broker");
        config.put("clientSecret", brokerSecret(nation));
        config.put("clientAuthMethod", "client_secret_post");
        config.put(IdentityProviderModel.ISSUER, URL + "/realms/" + nation.realm());
        config.put("authorizationUrl", base + "/auth");
        config.put("tokenUrl", base + "/token");
        config.put("userInfoUrl", base + "/userinfo");
        config.put("logoutUrl", base + "/logout");
        config.put(OIDCIdentityProviderConfig.JWKS_URL, base + "/certs");
        config.put(OIDCIdentityProviderConfig.USE_JWKS_URL, "true");
        config.put(OIDCIdentityProviderConfig.VALIDATE_SIGNATURE, "true");
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
        config.put("defaultScope", "openid profile email");
        config.put("backchannelSupported", "false");
        return identityProvider(nation, KeycloakOIDCIdentityProviderFactory.PROVIDER_ID, config);
    }

    private static IdentityProviderRepresentation saml(Nation nation) {
        String idpBase = URL + "/realms/" + nation.realm() + "/protocol/saml";
        Map<String, String> config = new LinkedHashMap<>();
        config.put(SAMLIdentityProviderConfig.ENTITY_ID, URL + "/realms/" + BROKER_REALM);
        config.put(SAMLIdentityProviderConfig.IDP_ENTITY_ID, URL + "/realms/" + nation.realm());
        config.put(SAMLIdentityProviderConfig.SINGLE_SIGN_ON_SERVICE_URL, idpBase);
        config.put(SAMLIdentityProviderConfig.SINGLE_LOGOUT_SERVICE_URL, idpBase);
        config.put(SAMLIdentityProviderConfig.NAME_ID_POLICY_FORMAT, "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
        config.put(SAMLIdentityProviderConfig.PRINCIPAL_TYPE, "SUBJECT");
        config.put(SAMLIdentityProviderConfig.ALLOW_CREATE, "true");
        config.put(SAMLIdentityProviderConfig.POST_BINDING_RESPONSE, "true");
        config.put(SAMLIdentityProviderConfig.POST_BINDING_AUTHN_REQUEST, "true");
        config.put(SAMLIdentityProviderConfig.POST_BINDING_LOGOUT, "true");
        config.put(SAMLIdentityProviderConfig.WANT_AUTHN_REQUESTS_SIGNED, "false");
        config.put(SAMLIdentityProviderConfig.WANT_ASSERTIONS_SIGNED, "true");
        // Verify the national IdP's signature with the keys its metadata publishes.
        config.put(SAMLIdentityProviderConfig.VALIDATE_SIGNATURE, "true");
        config.put(IdentityProviderModel.METADATA_DESCRIPTOR_URL, idpBase + "/descriptor");
        config.put(SAMLIdentityProviderConfig.USE_METADATA_DESCRIPTOR_URL, "true");
        return identityProvider(nation, SAMLIdentityProviderFactory.PROVIDER_ID, config);
    }

    private static IdentityProviderRepresentation identityProvider(Nation nation, String providerId,
            Map<String, String> config) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(nation.alias());
        idp.setDisplayName(nation.displayName());
        idp.setProviderId(providerId);
        idp.setEnabled(true);
        idp.setTrustEmail(true);
        idp.setStoreToken(false);
        idp.setFirstBrokerLoginFlowAlias(DefaultAuthenticationFlows.FIRST_BROKER_LOGIN_FLOW);
        // The broker, not the nation, enforces the clearance-conditional second factor.
        idp.setPostBrokerLoginFlowAlias(BrokerFlows.POST_BROKER_FLOW);
        // FORCE: attributes are re-imported from the national IdP on every login (SPEC §4).
        Map<String, String> all = new LinkedHashMap<>();
        all.put(IdentityProviderModel.SYNC_MODE, IdentityProviderSyncMode.FORCE.name());
        all.putAll(config);
        idp.setConfig(all);
        return idp;
    }

    /** The coalition attributes imported from the nation's tokens (and, over SAML, e-mail and names). */
    static List<IdentityProviderMapperRepresentation> attributeImporters(Nation nation) {
        List<String> imported = new ArrayList<>(UserProfile.coalitionAttributes());
        if (nation.saml()) {
            imported.addAll(ProtocolMappers.SAML_USER_PROPERTIES);
        }
        List<IdentityProviderMapperRepresentation> mappers = new ArrayList<>();
        for (String name : imported) {
            IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
            mapper.setName(name);
            mapper.setIdentityProviderAlias(nation.alias());
            Map<String, String> config = new LinkedHashMap<>();
            config.put(IdentityProviderMapperModel.SYNC_MODE, IdentityProviderMapperSyncMode.INHERIT.name());
            if (nation.saml()) {
                mapper.setIdentityProviderMapper(UserAttributeMapper.PROVIDER_ID);
                config.put(UserAttributeMapper.ATTRIBUTE_NAME, name);
            } else {
                mapper.setIdentityProviderMapper(org.keycloak.broker.oidc.mappers.UserAttributeMapper.PROVIDER_ID);
                config.put(AbstractClaimMapper.CLAIM, name);
            }
            config.put(UserAttributeMapper.USER_ATTRIBUTE, name);
            mapper.setConfig(config);
            mappers.add(mapper);
        }
        return mappers;
    }
}
