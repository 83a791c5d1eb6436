package io.dive.realms;

import static io.dive.realms.CoalitionRealms.BROKER_REALM;
import static io.dive.realms.CoalitionRealms.URL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.saml.SamlConfigAttributes;
import org.keycloak.protocol.saml.SamlProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** One simulated national identity provider: its demo users and the broker as its only client. */
final class NationalRealm {

    private NationalRealm() {
    }

    static RealmRepresentation of(Nation nation) {
        RealmRepresentation realm = RealmBase.of(nation.realm(), "DIVE demo IdP — " + nation.displayName(), true);
        realm.setClients(List.of(nation.saml() ? samlBrokerClient(nation) : oidcBrokerClient(nation)));
        realm.getUsers().addAll(DemoUsers.national(nation));
        return realm;
    }

    /** Where the broker receives this nation's logins. */
    private static String brokerEndpoint(Nation nation) {
        return URL + "/realms/" + BROKER_REALM + "/broker/" + nation.alias() + "/endpoint";
    }

    private static ClientRepresentation oidcBrokerClient(Nation nation) {
        ClientRepresentation client = BrokerRealm.client("dive-broker", "DIVE coalition broker");
        client.setPublicClient(false);
        client.setClientAuthenticatorType(ClientIdAndSecretAuthenticator.PROVIDER_ID);
        client.setSecret(IdentityProviders.brokerSecret(nation));
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(List.of(brokerEndpoint(nation) + "*"));
        client.setAttributes(Map.of(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD, "S256"));
        client.setProtocolMappers(ProtocolMappers.oidcCoalitionClaims());
        return client;
    }

    private static ClientRepresentation samlBrokerClient(Nation nation) {
        String endpoint = brokerEndpoint(nation);
        ClientRepresentation client = BrokerRealm.client(URL + "/realms/" + BROKER_REALM, "DIVE coalition broker (SAML)");
        client.setProtocol(SamlProtocol.LOGIN_PROTOCOL);
        client.setFrontchannelLogout(true);
        client.setRedirectUris(List.of(endpoint + "*"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(SamlConfigAttributes.SAML_ASSERTION_SIGNATURE, "true");
        attributes.put(SamlConfigAttributes.SAML_SERVER_SIGNATURE, "true");
        attributes.put(SamlConfigAttributes.SAML_CLIENT_SIGNATURE_ATTRIBUTE, "false");
        attributes.put(SamlConfigAttributes.SAML_AUTHNSTATEMENT, "true");
        attributes.put(SamlConfigAttributes.SAML_NAME_ID_FORMAT_ATTRIBUTE, "username");
        attributes.put(SamlConfigAttributes.SAML_FORCE_NAME_ID_FORMAT_ATTRIBUTE, "true");
        attributes.put(SamlProtocol.SAML_ASSERTION_CONSUMER_URL_POST_ATTRIBUTE, endpoint);
        attributes.put(SamlProtocol.SAML_SINGLE_LOGOUT_SERVICE_URL_POST_ATTRIBUTE, endpoint);
        client.setAttributes(attributes);
        client.setProtocolMappers(ProtocolMappers.samlCoalitionAttributes());
        return client;
    }
}
