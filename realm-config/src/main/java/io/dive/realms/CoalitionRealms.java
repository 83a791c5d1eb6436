package io.dive.realms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.ClearanceLevel;
import io.dive.model.ClearanceReference;
import io.dive.model.CoalitionAttributes;
import io.dive.model.KasRealmAttributes;
import io.dive.model.NationalMarking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the realm files of the local demo: the broker realm and one realm per simulated national
 * identity provider, brokered into it. Generated (at build time, from {@link Nation#demo()} and the
 * national-markings reference) rather than hand-written, so that eleven realms stay consistent and
 * every demo user's marking provably resolves to the level the user is named for.
 *
 * <p>URLs use the {@code ${DIVE_KEYCLOAK_URL}} placeholder, which Keycloak resolves from the
 * environment at import ({@code ./dive} sets it), so one set of files serves every port.
 */
public final class CoalitionRealms {

    public static final String BROKER_REALM = "dive-broker";
    public static final String URL = "${DIVE_KEYCLOAK_URL}";
    /** Local demo only; documented in the README. */
    public static final String DEMO_PASSWORD = "dive-demo-password";
    /** Industry users' countries, round-robin over the levels. */
    private static final List<String> INDUSTRY_COUNTRIES = List.of("USA", "GBR", "DEU", "FRA", "CAN");
    private static final List<String> COALITION_ATTRIBUTES = List.of(CoalitionAttributes.UNIQUE_ID,
            CoalitionAttributes.CLEARANCE, CoalitionAttributes.CLEARANCE_COUNTRY,
            CoalitionAttributes.COUNTRY_OF_AFFILIATION, CoalitionAttributes.ACP_COI,
            CoalitionAttributes.ORGANIZATION_TYPE);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CoalitionRealms() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CoalitionRealms <output directory>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<Nation> nations = Nation.demo();
        write(out.resolve(BROKER_REALM + "-realm.json"), brokerRealm(nations));
        for (Nation nation : nations) {
            write(out.resolve(nation.realm() + "-realm.json"), nationalRealm(nation));
        }
        System.out.println("wrote " + (nations.size() + 1) + " realm files to " + out);
    }

    private static void write(Path file, ObjectNode realm) throws IOException {
        JSON.writeValue(file.toFile(), realm);
    }

    // ------------------------------------------------------------------------------------------
    // Broker realm.
    // ------------------------------------------------------------------------------------------

    static ObjectNode brokerRealm(List<Nation> nations) {
        ObjectNode realm = baseRealm(BROKER_REALM, "DIVE coalition broker", false);
        // SPEC §3: acr "1" password, "2" password + OTP, "3" phishing-resistant.
        realm.putObject("attributes").put("acr.loa.map", "{\"1\":1,\"2\":2,\"3\":3}")
                // The coalition's Key Access Service lives in the broker realm (software keys by default).
                .put(KasRealmAttributes.ENABLED, "true");
        ArrayNode clients = realm.putArray("clients");
        clients.add(publicDemoClient("dive-demo", "DIVE demo (public client)", true));
        // Same client without the DIVE mappers: the baseline of the token-issuance benchmark.
        clients.add(publicDemoClient("dive-bench-plain", "Benchmark baseline (no DIVE mappers)", false));
        ObjectNode resourceServer = clients.addObject();
        resourceServer.put("clientId", "dive-resource-server").put("name", "DIVE resource server (confidential client)")
                .put("enabled", true).put("publicClient", false).put("clientAuthenticatorType", "client-secret")
                .put("secret", "dive-resource-server-secret").put("protocol", "openid-connect")
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false)
                .put("serviceAccountsEnabled", true);
        resourceServer.set("protocolMappers", diveMappers());

        ObjectNode user = realm.putArray("users").addObject();
        user.put("username", "dive-demo").put("enabled", true).put("emailVerified", true)
                .put("firstName", "Dana").put("lastName", "Demo").put("email", "dive-demo@example.org");
        ObjectNode attributes = user.putObject("attributes");
        attributes.putArray(CoalitionAttributes.UNIQUE_ID).add("dive-demo@dive-broker");
        attributes.putArray(CoalitionAttributes.CLEARANCE).add("NATO UNCLASSIFIED");
        attributes.putArray(CoalitionAttributes.CLEARANCE_COUNTRY).add("USA");
        attributes.putArray(CoalitionAttributes.COUNTRY_OF_AFFILIATION).add("USA");
        attributes.putArray(CoalitionAttributes.ACP_COI).add("NATO");
        attributes.putArray(CoalitionAttributes.ORGANIZATION_TYPE).add("GOV");
        password(user, DEMO_PASSWORD);
        // Local broker accounts at SECRET and TOP SECRET: the password grant with 'totp' (service users).
        ArrayNode users = (ArrayNode) realm.get("users");
        users.add(localUser("broker-top-secret", "COSMIC TOP SECRET"));
        users.add(localUser("broker-secret", "NATO SECRET"));
        // The realm's user administrator (issues OTP activation codes); uncleared, so no second factor.
        ObjectNode admin = localUser("broker-admin", "NATO UNCLASSIFIED");
        admin.putObject("clientRoles").putArray("realm-management").add("manage-users").add("view-users");
        users.add(admin);

        addFlows(realm);

        ArrayNode providers = realm.putArray("identityProviders");
        ArrayNode mappers = realm.putArray("identityProviderMappers");
        for (Nation nation : nations) {
            providers.add(nation.saml() ? samlIdentityProvider(nation) : oidcIdentityProvider(nation));
            for (String attribute : COALITION_ATTRIBUTES) {
                mappers.add(attributeImporter(nation, attribute, attribute));
            }
            if (nation.saml()) {
                for (String property : List.of("email", "firstName", "lastName")) {
                    mappers.add(attributeImporter(nation, property, property));
                }
            }
        }
        return realm;
    }

    private static ObjectNode localUser(String username, String natoMarking) {
        ObjectNode user = JSON.createObjectNode();
        user.put("username", username).put("enabled", true).put("emailVerified", true)
                .put("firstName", "Broker").put("lastName", natoMarking).put("email", username + "@dive.example");
        ObjectNode attributes = user.putObject("attributes");
        attributes.putArray(CoalitionAttributes.UNIQUE_ID).add(username + "@" + BROKER_REALM);
        attributes.putArray(CoalitionAttributes.CLEARANCE).add(natoMarking);
        attributes.putArray(CoalitionAttributes.CLEARANCE_COUNTRY).add("USA");
        attributes.putArray(CoalitionAttributes.COUNTRY_OF_AFFILIATION).add("USA");
        attributes.putArray(CoalitionAttributes.ACP_COI).add("NATO");
        attributes.putArray(CoalitionAttributes.ORGANIZATION_TYPE).add("GOV");
        password(user, DEMO_PASSWORD);
        return user;
    }

    private static ObjectNode publicDemoClient(String clientId, String name, boolean withDiveMappers) {
        ObjectNode client = JSON.createObjectNode();
        client.put("clientId", clientId).put("name", name).put("enabled", true).put("publicClient", true)
                .put("protocol", "openid-connect").put("standardFlowEnabled", true)
                .put("directAccessGrantsEnabled", true);
        client.putArray("redirectUris").add(URL + "/*").add("http://127.0.0.1/*").add("http://localhost/*");
        client.putArray("webOrigins").add("+");
        client.putObject("attributes").put("pkce.code.challenge.method", "S256").put("post.logout.redirect.uris", "+");
        if (withDiveMappers) {
            client.set("protocolMappers", diveMappers());
        }
        return client;
    }

    /** The DIVE claim mappers, switched on for every token type. */
    static ArrayNode diveMappers() {
        ArrayNode mappers = JSON.createArrayNode();
        Map<String, String> byClaim = new LinkedHashMap<>();
        byClaim.put("uniqueID", "dive-unique-id-mapper");
        byClaim.put("clearance", "dive-clearance-mapper");
        byClaim.put("countryOfAffiliation", "dive-country-of-affiliation-mapper");
        byClaim.put("acpCOI", "dive-acp-coi-mapper");
        byClaim.put("organizationType", "dive-organization-type-mapper");
        byClaim.put("amr", "dive-amr-mapper");
        byClaim.forEach((name, providerId) -> {
            ObjectNode mapper = mappers.addObject();
            mapper.put("name", "DIVE " + name).put("protocol", "openid-connect").put("protocolMapper", providerId)
                    .put("consentRequired", false);
            mapper.putObject("config").put("id.token.claim", "true").put("access.token.claim", "true")
                    .put("lightweight.claim", "false").put("userinfo.token.claim", "true")
                    .put("introspection.token.claim", "true");
        });
        return mappers;
    }

    private static ObjectNode oidcIdentityProvider(Nation nation) {
        ObjectNode idp = identityProvider(nation, "keycloak-oidc");
        String base = URL + "/realms/" + nation.realm() + "/protocol/openid-connect";
        ObjectNode config = (ObjectNode) idp.get("config");
        config.put("clientId", "dive-broker").put("clientSecret", brokerSecret(nation))
                .put("clientAuthMethod", "client_secret_post")
                .put("issuer", URL + "/realms/" + nation.realm())
                .put("authorizationUrl", base + "/auth").put("tokenUrl", base + "/token")
                .put("userInfoUrl", base + "/userinfo").put("logoutUrl", base + "/logout")
                .put("jwksUrl", base + "/certs").put("useJwksUrl", "true").put("validateSignature", "true")
                .put("pkceEnabled", "true").put("pkceMethod", "S256").put("defaultScope", "openid profile email")
                .put("backchannelSupported", "false");
        return idp;
    }

    private static ObjectNode samlIdentityProvider(Nation nation) {
        ObjectNode idp = identityProvider(nation, "saml");
        String idpBase = URL + "/realms/" + nation.realm() + "/protocol/saml";
        ObjectNode config = (ObjectNode) idp.get("config");
        config.put("entityId", URL + "/realms/" + BROKER_REALM)
                .put("idpEntityId", URL + "/realms/" + nation.realm())
                .put("singleSignOnServiceUrl", idpBase).put("singleLogoutServiceUrl", idpBase)
                .put("nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
                .put("principalType", "SUBJECT").put("allowCreate", "true")
                .put("postBindingResponse", "true").put("postBindingAuthnRequest", "true").put("postBindingLogout", "true")
                .put("wantAuthnRequestsSigned", "false").put("wantAssertionsSigned", "true")
                // Verify the national IdP's signature with the keys its metadata publishes.
                .put("validateSignature", "true")
                .put("metadataDescriptorUrl", idpBase + "/descriptor").put("useMetadataDescriptorUrl", "true");
        return idp;
    }

    private static ObjectNode identityProvider(Nation nation, String providerId) {
        ObjectNode idp = JSON.createObjectNode();
        idp.put("alias", nation.alias()).put("displayName", nation.displayName()).put("providerId", providerId)
                .put("enabled", true).put("trustEmail", true).put("storeToken", false)
                .put("firstBrokerLoginFlowAlias", "first broker login")
                // The broker, not the nation, enforces the clearance-conditional second factor.
                .put("postBrokerLoginFlowAlias", POST_BROKER_FLOW);
        // FORCE: attributes are re-imported from the national IdP on every login (SPEC §4).
        idp.putObject("config").put("syncMode", "FORCE");
        return idp;
    }

    private static ObjectNode attributeImporter(Nation nation, String claim, String userAttribute) {
        ObjectNode mapper = JSON.createObjectNode();
        mapper.put("name", claim).put("identityProviderAlias", nation.alias());
        ObjectNode config = mapper.putObject("config").put("syncMode", "INHERIT");
        if (nation.saml()) {
            mapper.put("identityProviderMapper", "saml-user-attribute-idp-mapper");
            config.put("attribute.name", claim).put("user.attribute", userAttribute);
        } else {
            mapper.put("identityProviderMapper", "oidc-user-attribute-idp-mapper");
            config.put("claim", claim).put("user.attribute", userAttribute);
        }
        return mapper;
    }

    private static String brokerSecret(Nation nation) {
        return "dive-broker-" + nation.alias() + "-secret";
    }

    // ------------------------------------------------------------------------------------------
    // Authentication flows of the broker.
    // ------------------------------------------------------------------------------------------

    static final String POST_BROKER_FLOW = "dive post-broker OTP";
    static final String CLEARANCE_CONFIG = "dive-otp-from-confidential";

    /**
     * The broker's flows. A realm file that declares flows gets only those (Keycloak then creates no
     * browser or direct-grant flow of its own), so the standard ones are declared here too, with the
     * clearance-conditional OTP sub-flow in the browser flow and after every brokered login.
     */
    static void addFlows(ObjectNode realm) {
        realm.put("browserFlow", "browser").put("directGrantFlow", "direct grant");
        ArrayNode configs = realm.putArray("authenticatorConfig");
        configs.addObject().put("alias", CLEARANCE_CONFIG).putObject("config").put("minimumClearance", "CONFIDENTIAL");
        configs.addObject().put("alias", "dive-otp-settings").putObject("config").put("maxAttempts", "5");
        ArrayNode flows = realm.putArray("authenticationFlows");
        ArrayNode browser = flow(flows, "browser", "Cookie, national IdP redirect or password, then OTP when cleared", true);
        execution(browser, "auth-cookie", "ALTERNATIVE", 10, null);
        execution(browser, "identity-provider-redirector", "ALTERNATIVE", 25, null);
        subflow(browser, "forms", "ALTERNATIVE", 30);
        ArrayNode forms = flow(flows, "forms", "Username and password, then OTP when cleared", false);
        execution(forms, "auth-username-password-form", "REQUIRED", 10, null);
        subflow(forms, "dive browser OTP when cleared", "CONDITIONAL", 20);
        otpWhenCleared(flow(flows, "dive browser OTP when cleared", "OTP for CONFIDENTIAL and above", false));
        ArrayNode directGrant = flow(flows, "direct grant", "Password grant", true);
        execution(directGrant, "direct-grant-validate-username", "REQUIRED", 10, null);
        execution(directGrant, "direct-grant-validate-password", "REQUIRED", 20, null);
        subflow(directGrant, "dive direct-grant OTP when cleared", "CONDITIONAL", 30);
        ArrayNode directGrantOtp = flow(flows, "dive direct-grant OTP when cleared", "totp parameter for CONFIDENTIAL and above", false);
        execution(directGrantOtp, "dive-condition-clearance-at-least", "REQUIRED", 10, CLEARANCE_CONFIG);
        execution(directGrantOtp, "dive-direct-grant-otp", "REQUIRED", 20, null);
        ArrayNode postBroker = flow(flows, POST_BROKER_FLOW, "After a national IdP login: OTP when cleared", true);
        subflow(postBroker, "dive post-broker OTP when cleared", "CONDITIONAL", 10);
        // A flow whose only step is a skipped conditional fails; users below the threshold pass here.
        execution(postBroker, "allow-access-authenticator", "REQUIRED", 20, null);
        otpWhenCleared(flow(flows, "dive post-broker OTP when cleared", "OTP for CONFIDENTIAL and above", false));
    }

    private static void otpWhenCleared(ArrayNode executions) {
        execution(executions, "dive-condition-clearance-at-least", "REQUIRED", 10, CLEARANCE_CONFIG);
        execution(executions, "dive-otp-form", "REQUIRED", 20, "dive-otp-settings");
    }

    private static ArrayNode flow(ArrayNode flows, String alias, String description, boolean topLevel) {
        ObjectNode flow = flows.addObject();
        flow.put("alias", alias).put("description", description).put("providerId", "basic-flow")
                .put("topLevel", topLevel).put("builtIn", false);
        return flow.putArray("authenticationExecutions");
    }

    private static void execution(ArrayNode executions, String authenticator, String requirement, int priority,
            String config) {
        ObjectNode execution = executions.addObject();
        execution.put("authenticator", authenticator).put("authenticatorFlow", false).put("requirement", requirement)
                .put("priority", priority).put("userSetupAllowed", false);
        if (config != null) {
            execution.put("authenticatorConfig", config);
        }
    }

    private static void subflow(ArrayNode executions, String alias, String requirement, int priority) {
        executions.addObject().put("authenticatorFlow", true).put("flowAlias", alias).put("requirement", requirement)
                .put("priority", priority).put("userSetupAllowed", false);
    }

    // ------------------------------------------------------------------------------------------
    // National realms.
    // ------------------------------------------------------------------------------------------

    static ObjectNode nationalRealm(Nation nation) {
        ObjectNode realm = baseRealm(nation.realm(), "DIVE demo IdP — " + nation.displayName(), true);
        ArrayNode clients = realm.putArray("clients");
        clients.add(nation.saml() ? samlBrokerClient(nation) : oidcBrokerClient(nation));
        ArrayNode users = realm.putArray("users");
        int index = 0;
        for (ClearanceLevel level : ClearanceLevel.values()) {
            String country = nation.industry() ? INDUSTRY_COUNTRIES.get(index++ % INDUSTRY_COUNTRIES.size()) : nation.country();
            String marking = marking(nation, country, level);
            users.add(demoUser(nation, nation.alias() + "-" + level.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    country, marking, level));
        }
        if (nation.alias().equals("usa")) {
            // A directory value no reference knows: the claim must be omitted and a warning logged.
            users.add(demoUser(nation, "usa-unknown-clearance", "USA", "ULTRA SECRET", null));
        }
        return realm;
    }

    /** The native marking a demo user of {@code level} holds, checked to resolve to that level. */
    static String marking(Nation nation, String country, ClearanceLevel level) {
        ClearanceReference reference = ClearanceReference.standard();
        String marking = nation.industry() ? null : nation.markingOverrides().get(level.name());
        if (marking == null) {
            marking = reference.markings().stream()
                    .filter(m -> m.country().equals(country) && m.level() == level && !m.isLegacy())
                    .map(NationalMarking::marking).findFirst()
                    // No current national marking at this level (USA RESTRICTED, GBR CONFIDENTIAL): NATO's.
                    .orElseGet(() -> reference.markings().stream()
                            .filter(m -> m.country().equals("NATO") && m.level() == level)
                            .map(NationalMarking::marking).findFirst().orElseThrow());
        }
        ClearanceLevel resolved = reference.resolve(country, marking).level().orElse(null);
        if (resolved != level) {
            throw new IllegalStateException(nation.alias() + ": demo marking '" + marking + "' resolves to " + resolved
                    + ", not " + level);
        }
        return marking;
    }

    private static ObjectNode demoUser(Nation nation, String username, String country, String marking,
            ClearanceLevel level) {
        ObjectNode user = JSON.createObjectNode();
        String title = level == null ? "Unknown clearance" : level.name().replace('_', ' ');
        user.put("username", username).put("enabled", true).put("emailVerified", true)
                .put("firstName", nation.displayName()).put("lastName", title)
                .put("email", username + "@" + nation.alias() + ".dive.example");
        ObjectNode attributes = user.putObject("attributes");
        attributes.putArray(CoalitionAttributes.UNIQUE_ID).add(username + "@" + nation.realm());
        attributes.putArray(CoalitionAttributes.CLEARANCE).add(marking);
        attributes.putArray(CoalitionAttributes.CLEARANCE_COUNTRY).add(country);
        attributes.putArray(CoalitionAttributes.COUNTRY_OF_AFFILIATION).add(country);
        ArrayNode cois = attributes.putArray(CoalitionAttributes.ACP_COI);
        nation.cois().forEach(cois::add);
        attributes.putArray(CoalitionAttributes.ORGANIZATION_TYPE).add(nation.industry() ? "INDUSTRY"
                : level != null && level.ordinal() % 2 == 1 ? "MIL" : "GOV");
        password(user, DEMO_PASSWORD);
        return user;
    }

    private static ObjectNode oidcBrokerClient(Nation nation) {
        ObjectNode client = JSON.createObjectNode();
        client.put("clientId", "dive-broker").put("name", "DIVE coalition broker").put("enabled", true)
                .put("publicClient", false).put("clientAuthenticatorType", "client-secret")
                .put("secret", brokerSecret(nation)).put("protocol", "openid-connect")
                .put("standardFlowEnabled", true).put("directAccessGrantsEnabled", false);
        client.putArray("redirectUris").add(URL + "/realms/" + BROKER_REALM + "/broker/" + nation.alias() + "/endpoint*");
        client.putObject("attributes").put("pkce.code.challenge.method", "S256");
        ArrayNode mappers = client.putArray("protocolMappers");
        for (String attribute : COALITION_ATTRIBUTES) {
            ObjectNode mapper = mappers.addObject();
            mapper.put("name", attribute).put("protocol", "openid-connect")
                    .put("protocolMapper", "oidc-usermodel-attribute-mapper").put("consentRequired", false);
            mapper.putObject("config").put("user.attribute", attribute).put("claim.name", attribute)
                    .put("jsonType.label", "String")
                    .put("multivalued", Boolean.toString(attribute.equals(CoalitionAttributes.ACP_COI)))
                    .put("id.token.claim", "true").put("access.token.claim", "true")
                    .put("userinfo.token.claim", "true");
        }
        return client;
    }

    private static ObjectNode samlBrokerClient(Nation nation) {
        String endpoint = URL + "/realms/" + BROKER_REALM + "/broker/" + nation.alias() + "/endpoint";
        ObjectNode client = JSON.createObjectNode();
        client.put("clientId", URL + "/realms/" + BROKER_REALM).put("name", "DIVE coalition broker (SAML)")
                .put("enabled", true).put("protocol", "saml").put("frontchannelLogout", true);
        client.putArray("redirectUris").add(endpoint + "*");
        client.putObject("attributes").put("saml.assertion.signature", "true").put("saml.server.signature", "true")
                .put("saml.client.signature", "false").put("saml.authnstatement", "true")
                .put("saml_name_id_format", "username").put("saml.force.name.id.format", "true")
                .put("saml_assertion_consumer_url_post", endpoint)
                .put("saml_single_logout_service_url_post", endpoint);
        ArrayNode mappers = client.putArray("protocolMappers");
        List<String> attributes = new ArrayList<>(COALITION_ATTRIBUTES);
        for (String attribute : attributes) {
            ObjectNode mapper = mappers.addObject();
            mapper.put("name", attribute).put("protocol", "saml").put("protocolMapper", "saml-user-attribute-mapper")
                    .put("consentRequired", false);
            mapper.putObject("config").put("user.attribute", attribute).put("attribute.name", attribute)
                    .put("friendly.name", attribute).put("attribute.nameformat", "Basic")
                    .put("aggregate.attrs", "false");
        }
        for (String property : List.of("email", "firstName", "lastName")) {
            ObjectNode mapper = mappers.addObject();
            mapper.put("name", property).put("protocol", "saml").put("protocolMapper", "saml-user-property-mapper")
                    .put("consentRequired", false);
            mapper.putObject("config").put("user.attribute", property).put("attribute.name", property)
                    .put("friendly.name", property).put("attribute.nameformat", "Basic");
        }
        return client;
    }

    // ------------------------------------------------------------------------------------------
    // Shared.
    // ------------------------------------------------------------------------------------------

    private static ObjectNode baseRealm(String name, String displayName, boolean national) {
        ObjectNode realm = JSON.createObjectNode();
        realm.put("realm", name).put("displayName", displayName).put("enabled", true).put("loginTheme", "dive")
                .put("internationalizationEnabled", true).put("defaultLocale", "en").put("sslRequired", "external")
                .put("bruteForceProtected", true).put("accessTokenLifespan", 300);
        realm.putArray("supportedLocales").add("en").add("fr").add("de");
        ObjectNode provider = realm.putObject("components").putArray("org.keycloak.userprofile.UserProfileProvider")
                .addObject();
        provider.put("providerId", "declarative-user-profile").putObject("subComponents");
        try {
            provider.putObject("config").putArray("kc.user.profile.config")
                    .add(new ObjectMapper().writeValueAsString(userProfile(national)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return realm;
    }

    /**
     * The user profile: the coalition attributes are declared, visible to the user, and editable only
     * by administrators (or, in the broker, by the national IdP's attribute import). Names and e-mail
     * are required only in national realms, so that a brokered first login never stops on a review form.
     */
    static ObjectNode userProfile(boolean national) {
        ObjectNode profile = JSON.createObjectNode();
        ArrayNode attributes = profile.putArray("attributes");
        ObjectNode username = attributes.addObject().put("name", "username").put("displayName", "${username}")
                .put("multivalued", false);
        username.putObject("validations").<ObjectNode>set("length", JSON.createObjectNode().put("min", 3).put("max", 255))
                .<ObjectNode>set("username-prohibited-characters", JSON.createObjectNode())
                .set("up-username-not-idn-homograph", JSON.createObjectNode());
        permissions(username, "admin", "user");
        for (String name : List.of("email", "firstName", "lastName")) {
            ObjectNode attribute = attributes.addObject().put("name", name).put("displayName", "${" + name + "}")
                    .put("multivalued", false);
            ObjectNode validations = attribute.putObject("validations");
            validations.putObject("length").put("max", 255);
            if (name.equals("email")) {
                validations.putObject("email");
            } else {
                validations.putObject("person-name-prohibited-characters");
            }
            if (national) {
                attribute.putObject("required").putArray("roles").add("user");
            }
            permissions(attribute, "admin", "user");
        }
        Map<String, String> coalition = new LinkedHashMap<>();
        coalition.put(CoalitionAttributes.UNIQUE_ID, "Coalition unique ID");
        coalition.put(CoalitionAttributes.CLEARANCE, "Clearance (national marking)");
        coalition.put(CoalitionAttributes.CLEARANCE_COUNTRY, "Clearance issuing country (ISO 3166-1 alpha-3)");
        coalition.put(CoalitionAttributes.COUNTRY_OF_AFFILIATION, "Country of affiliation (ISO 3166-1 alpha-3)");
        coalition.put(CoalitionAttributes.ACP_COI, "Communities of interest");
        coalition.put(CoalitionAttributes.ORGANIZATION_TYPE, "Organization type (GOV, MIL, INDUSTRY)");
        coalition.forEach((name, display) -> {
            ObjectNode attribute = attributes.addObject().put("name", name).put("displayName", display)
                    .put("multivalued", name.equals(CoalitionAttributes.ACP_COI)).put("group", "dive-coalition");
            attribute.putObject("validations").putObject("length").put("max", 255);
            ObjectNode permissions = attribute.putObject("permissions");
            permissions.putArray("view").add("admin").add("user");
            permissions.putArray("edit").add("admin");
        });
        ArrayNode groups = profile.putArray("groups");
        groups.addObject().put("name", "user-metadata").put("displayHeader", "User metadata")
                .put("displayDescription", "Attributes, which refer to user metadata");
        groups.addObject().put("name", "dive-coalition").put("displayHeader", "Coalition attributes")
                .put("displayDescription", "Set by the national identity provider or an administrator; users cannot change them");
        return profile;
    }

    private static void permissions(ObjectNode attribute, String... editors) {
        ObjectNode permissions = attribute.putObject("permissions");
        permissions.putArray("view").add("admin").add("user");
        ArrayNode edit = permissions.putArray("edit");
        for (String editor : editors) {
            edit.add(editor);
        }
    }

    private static void password(ObjectNode user, String password) {
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
    }
}
