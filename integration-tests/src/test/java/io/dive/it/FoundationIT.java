package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.authenticators.clearance.ClearanceAtLeastConditionFactory;
import io.dive.kas.KasResourceProviderFactory;
import io.dive.mappers.AmrMapper;
import io.dive.mappers.ClearanceMapper;
import io.dive.mappers.CoiMapper;
import io.dive.mappers.CountryOfAffiliationMapper;
import io.dive.mappers.OrganizationTypeMapper;
import io.dive.mappers.UniqueIdMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** The foundation: the real stack runs with the DIVE distribution loaded and wired together. */
@ExtendWith(DiveStackExtension.class)
class FoundationIT {

    private static final String BROKER_REALM = "dive-broker";

    @Test
    void keycloakHasLoadedEveryDiveProvider(DiveStack stack, KeycloakClient keycloak) {
        KeycloakClient.Response serverInfo = keycloak.admin("/serverinfo");
        assertThat(serverInfo.status()).isEqualTo(200);
        JsonNode providers = serverInfo.json().path("providers");

        assertThat(providers.path("authenticator").path("providers").has(ClearanceAtLeastConditionFactory.PROVIDER_ID))
                .as("authenticator %s", ClearanceAtLeastConditionFactory.PROVIDER_ID).isTrue();
        for (String mapper : List.of(UniqueIdMapper.PROVIDER_ID, ClearanceMapper.PROVIDER_ID,
                CountryOfAffiliationMapper.PROVIDER_ID, CoiMapper.PROVIDER_ID, OrganizationTypeMapper.PROVIDER_ID,
                AmrMapper.PROVIDER_ID)) {
            assertThat(providers.path("protocol-mapper").path("providers").has(mapper)).as("protocol mapper %s", mapper)
                    .isTrue();
        }
        assertThat(providers.path("realm-restapi-extension").path("providers").has(KasResourceProviderFactory.PROVIDER_ID))
                .as("realm resource %s", KasResourceProviderFactory.PROVIDER_ID).isTrue();
        assertThat(serverInfo.json().path("themes").path("login").findValuesAsText("name")).contains("dive");
        // The Redis provider (shaded Jedis inside the providers jar) loaded with the stack's settings.
        assertThat(providers.path("dive-redis").path("providers").path("jedis").path("operationalInfo").path("redis").asText())
                .contains(":" + stack.redisPort() + "/0").contains("user 'dive'").contains("password set");
    }

    @Test
    void theBrokerRealmWasImportedWithTheDiveTheme(KeycloakClient keycloak) {
        KeycloakClient.Response realm = keycloak.admin("/realms/" + BROKER_REALM);
        assertThat(realm.status()).isEqualTo(200);
        assertThat(realm.json().path("loginTheme").asText()).isEqualTo("dive");
    }

    @Test
    void theDemoUserGetsATokenCarryingTheDiveClaims(KeycloakClient keycloak) {
        KeycloakClient.Response response = keycloak.passwordGrant(BROKER_REALM, "dive-demo", "dive-demo",
                "dive-demo-password");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode claims = KeycloakClient.claims(response.json().path("access_token").asText());
        assertThat(claims.path("iss").asText()).endsWith("/realms/" + BROKER_REALM);
        assertThat(claims.path("preferred_username").asText()).isEqualTo("dive-demo");
        // Emitted by the DIVE protocol mapper from the user-profile attribute.
        assertThat(claims.path("uniqueID").asText()).isEqualTo("dive-demo@dive-broker");
        assertThat(claims.path("clearance").asText()).isEqualTo("UNCLASSIFIED");
        assertThat(claims.path("clearanceOriginal").asText()).isEqualTo("NATO UNCLASSIFIED");
        assertThat(claims.path("acr").asText()).isEqualTo("1");
        assertThat(claims.path("amr").toString()).isEqualTo("[\"pwd\"]");
        // Keycloak leaves auth_time out of password-grant tokens; the DIVE amr mapper puts it back.
        assertThat(claims.path("auth_time").asLong()).isBetween(claims.path("iat").asLong() - 60, claims.path("iat").asLong());
    }

    @Test
    void theBrokerLoginPageShowsTheClassificationBannerAndEveryNation(DiveStack stack) {
        String page = new BrowserSession(stack).loginPage(BROKER_REALM, "dive-demo", "de");
        org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(page);
        assertThat(html.select(".dive-classification-banner--top").text()).isEqualTo("OFFEN");
        assertThat(html.select("a[href*=/broker/]").eachAttr("href").stream()
                .map(href -> href.replaceAll(".*/broker/([a-z]+)/login.*", "$1")).distinct().toList())
                .containsExactlyInAnyOrder("usa", "gbr", "can", "fra", "deu", "ita", "esp", "pol", "nld", "industry");
    }

    @Test
    void aWrongPasswordGetsNoToken(KeycloakClient keycloak) {
        KeycloakClient.Response response = keycloak.passwordGrant(BROKER_REALM, "dive-demo", "dive-demo", "wrong");
        // RFC 6749 §5.2: a bad resource-owner password is invalid_grant with 400.
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void theKasHealthEndpointIsReachableWithoutAToken(DiveStack stack, KeycloakClient keycloak) {
        // keycloak#49611: 26.6.2 forced bearer auth on realm extensions; 26.7.3 must not.
        KeycloakClient.Response health = keycloak.get(stack.keycloakUrl() + "/realms/" + BROKER_REALM + "/kas/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.json().path("realm").asText()).isEqualTo(BROKER_REALM);
    }

    @Test
    void redisAnswersTheDiveUser(DiveStack stack) {
        try (RedisClient redis = stack.redis(DiveStack.REDIS_DIVE_USER)) {
            assertThat(redis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void opaServesTheBundleRevisionThatWasBuilt(DiveStack stack, KeycloakClient http) {
        KeycloakClient.Response bundles = http.get(stack.opaUrl() + "/v1/data/system/bundles");
        assertThat(bundles.status()).as(bundles.body()).isEqualTo(200);
        List<String> revisions = bundles.json().path("result").findValuesAsText("revision");
        assertThat(revisions).containsExactly(stack.expectedBundleRevision());
        assertThat(stack.expectedBundleRevision()).startsWith(System.getProperty("dive.version") + "+");
    }

    @Test
    void opaAnswersTheAuthorizationDecisionWithADefaultDeny(DiveStack stack, KeycloakClient http) {
        KeycloakClient.Response decision = http.send("POST", stack.opaUrl() + "/v1/data/dive/authz/decision",
                stack.opaToken(DiveStack.OPA_RESOURCE_SERVER), "{}");
        assertThat(decision.status()).isEqualTo(200);
        assertThat(decision.json().path("result").path("allow").asBoolean(true)).isFalse();
        assertThat(decision.json().path("result").path("reasons").get(0).path("code").asText()).isNotBlank();
    }

    @Test
    void keycloakLoggedNoWarningAboutTheDiveProvidersBeyondTheInternalSpiNotice(DiveStack stack) throws Exception {
        List<String> warnings = new ArrayList<>();
        List<String> internalSpiNotices = new ArrayList<>();
        // Only the start-up: loading problems show there; later warnings are tested behaviour
        // (e.g. BrokerLoginIT's unknown clearance), and test classes run in any order.
        try (Stream<String> lines = Files.lines(stack.stateDir().resolve("logs/keycloak.log"))) {
            lines.takeWhile(line -> !line.contains(") started in "))
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                    .filter(line -> line.contains("io.dive") || line.contains("dive-"))
                    .forEach(line -> (line.contains("KC-SERVICES0047") ? internalSpiNotices : warnings).add(line));
        }
        assertThat(warnings).isEmpty();
        // Keycloak 26.7 prints KC-SERVICES0047 for every custom provider of the authenticator,
        // protocol-mapper and realm-restapi-extension SPIs: expected, and only for DIVE's own ids.
        assertThat(internalSpiNotices).as("the start-up log names the DIVE providers").isNotEmpty();
        assertThat(internalSpiNotices).allSatisfy(line -> assertThat(line).containsPattern(
                "KC-SERVICES0047: (dive-[a-z-]+|kas) \\(io\\.dive\\."));
    }

    @Test
    void everyProcessRunsFromThePidFilesOfTheStack(DiveStack stack) throws Exception {
        for (String component : List.of("keycloak", "opa", "redis")) {
            Path pidFile = stack.stateDir().resolve("run/" + component + ".pid");
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as(component).contains(true);
        }
    }
}
