package io.dive.realms;

import static io.dive.realms.CoalitionRealms.URL;

import io.dive.model.KasRealmAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.models.Constants;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** The coalition broker realm: its clients, local users, flows and one identity provider per nation. */
final class BrokerRealm {

    /** The realm role of the auditor API (provider-support's {@code AuditResource.AUDITOR_ROLE}: the same name). */
    static final String AUDITOR_ROLE = "dive-auditor";

    private BrokerRealm() {
    }

    static RealmRepresentation of(List<Nation> nations) {
        RealmRepresentation realm = RealmBase.of(CoalitionRealms.BROKER_REALM, "DIVE coalition broker", false);
        Map<String, String> attributes = new LinkedHashMap<>();
        // acr "1" password, "2" password + OTP, "3" phishing-resistant.
        attributes.put(Constants.ACR_LOA_MAP, "{\"1\":1,\"2\":2,\"3\":3}");
        // The coalition's Key Access Service lives in the broker realm (software keys by default).
        attributes.put(KasRealmAttributes.ENABLED, "true");
        // Its URL in key access objects: the KAS origin the stack's reverse proxy gives this realm (OpenTDF
        // SDKs call the root of a KAS URL's origin); the KAS accepts its Keycloak path too.
        attributes.put(KasRealmAttributes.PUBLIC_URL, CoalitionRealms.KAS_URL);
        realm.setAttributes(attributes);

        List<ClientRepresentation> clients = new ArrayList<>();
        clients.add(publicDemoClient(KasRealmAttributes.DemoClients.APPLICATION, "DIVE demo (public client)", true));
        // Same client without the DIVE mappers: the baseline of the token-issuance benchmark.
        clients.add(publicDemoClient("dive-bench-plain", "Benchmark baseline (no DIVE mappers)", false));
        clients.add(resourceServer());
        clients.add(openTdfClient());
        realm.setClients(clients);

        // Who may read the audit trail (GET /realms/dive-broker/dive-audit/...): no demo user holds it.
        realm.getRoles().getRealm().add(RealmBase.role(AUDITOR_ROLE, "Reads the DIVE audit trail"));
        realm.getUsers().addAll(DemoUsers.broker());
        realm.getUsers().add(DemoUsers.openTdfServiceAccount());
        BrokerFlows.addTo(realm);

        List<IdentityProviderRepresentation> providers = new ArrayList<>();
        List<IdentityProviderMapperRepresentation> mappers = new ArrayList<>();
        for (Nation nation : nations) {
            providers.add(IdentityProviders.of(nation));
            mappers.addAll(IdentityProviders.attributeImporters(nation));
        }
        realm.setIdentityProviders(providers);
        realm.setIdentityProviderMappers(mappers);
        return realm;
    }

    private static ClientRepresentation publicDemoClient(String clientId, String name, boolean withDiveMappers) {
        ClientRepresentation client = client(clientId, name);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setRedirectUris(List.of(URL + "/*", "http://127.0.0.1/*", "http://localhost/*"));
        client.setWebOrigins(List.of("+"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD, "S256");
        attributes.put(OIDCConfigAttributes.POST_LOGOUT_REDIRECT_URIS, "+");
        client.setAttributes(attributes);
        if (withDiveMappers) {
            client.setProtocolMappers(ProtocolMappers.dive());
        }
        return client;
    }

    private static ClientRepresentation resourceServer() {
        return serviceClient(KasRealmAttributes.DemoClients.RESOURCE_SERVER, "DIVE resource server (confidential client)");
    }

    /** A confidential client with the DIVE mappers that uses client credentials only (secret {@code <id>-secret}). */
    private static ClientRepresentation serviceClient(String clientId, String name) {
        ClientRepresentation client = client(clientId, name);
        client.setPublicClient(false);
        client.setClientAuthenticatorType(ClientIdAndSecretAuthenticator.PROVIDER_ID);
        client.setSecret(clientId + "-secret");
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(true);
        client.setProtocolMappers(ProtocolMappers.dive());
        return client;
    }

    /**
     * The OpenTDF SDK's client: confidential, client credentials only, DPoP-bound tokens required
     * (Keycloak refuses a token request without a DPoP proof and binds the token to the proof's key).
     */
    private static ClientRepresentation openTdfClient() {
        ClientRepresentation client = serviceClient(KasRealmAttributes.DemoClients.OPENTDF, "OpenTDF SDK (client credentials, DPoP required)");
        client.setAttributes(new LinkedHashMap<>(Map.of(DPOP_BOUND_ACCESS_TOKENS, "true")));
        return client;
    }

    /** The client attribute that makes Keycloak require DPoP of a client (OIDCConfigAttributes has no constant for it). */
    static final String DPOP_BOUND_ACCESS_TOKENS = "dpop.bound.access.tokens";

    /** An enabled OIDC client; the national realms' broker clients are made the same way. */
    static ClientRepresentation client(String clientId, String name) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setName(name);
        client.setEnabled(true);
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        return client;
    }
}
