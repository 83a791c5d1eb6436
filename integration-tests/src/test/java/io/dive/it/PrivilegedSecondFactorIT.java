package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Issue 11 item 2: a password thief can neither skip nor enroll the second factor. Whoever holds a
 * realm-management role or dive-auditor needs it whatever their clearance (broker-admin, who issues
 * activation codes, is UNCLASSIFIED), in the password grant and the browser alike; and under the
 * product's default enrollment gate (activation-code; the demo realm chooses open) a TOP SECRET
 * user's password alone starts no enrollment.
 */
@ExtendWith(DiveStackExtension.class)
class PrivilegedSecondFactorIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";

    @Test
    void brokerAdminCannotGetATokenWithThePasswordAlone(DiveStack stack, KeycloakClient keycloak) {
        String userId = keycloak.userId(BROKER, "broker-admin");
        // Whatever another test did: broker-admin has no second factor yet.
        for (JsonNode credential : keycloak.admin(users() + "/" + userId + "/credentials").json()) {
            if ("otp".equals(credential.path("type").asText())) {
                keycloak.send("DELETE", admin(stack) + users() + "/" + userId + "/credentials/" + credential.path("id").asText(),
                        keycloak.adminToken(), null);
            }
        }
        assertEnrollmentRequired(keycloak.passwordGrant(BROKER, "dive-demo", "broker-admin", PASSWORD));

        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page page = browser.passwordAt(BROKER, "dive-demo", null, "broker-admin", PASSWORD);
        assertThat(page.code()).as("no authorization code for the password alone").isNull();
        String key = page.text("dive-otp-manual-key");
        assertThat(key).as("the demo realm's open gate: enrollment, %s", page.html().text()).isNotBlank();
        BrowserSession.Page done = browser.submit(page, Map.of("otp", BrowserSession.freshCode("broker-admin", key)));
        assertThat(KeycloakClient.claims(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText())
                .path("acr").asText()).isEqualTo("2");
    }

    @Test
    void anyRealmManagementRoleOrTheAuditorRoleNeedsTheSecondFactorWhateverTheClearance(DiveStack stack,
            KeycloakClient keycloak) {
        String username = "privileged-" + UUID.randomUUID();
        String userId = createUnclassifiedUser(stack, keycloak, username);
        String group = "privileged-" + UUID.randomUUID();
        try {
            assertThat(grant(stack, keycloak, userId).status())
                    .as("UNCLASSIFIED without a privileged role: the password is enough").isEqualTo(200);

            JsonNode viewUsers = realmManagementRole(keycloak, "view-users");
            String clientRoles = admin(stack) + users() + "/" + userId + "/role-mappings/clients/" + realmManagementId(keycloak);
            assertThat(keycloak.send("POST", clientRoles, keycloak.adminToken(), "[" + viewUsers + "]").status()).isEqualTo(204);
            assertEnrollmentRequired(grant(stack, keycloak, userId));
            keycloak.send("DELETE", clientRoles, keycloak.adminToken(), "[" + viewUsers + "]");
            assertThat(grant(stack, keycloak, userId).status()).isEqualTo(200);

            keycloak.send("POST", admin(stack) + "/realms/" + BROKER + "/roles", keycloak.adminToken(),
                    "{\"name\":\"dive-auditor\"}"); // 201, or 409 when the realm has it already
            JsonNode auditor = keycloak.admin("/realms/" + BROKER + "/roles/dive-auditor").json();
            String realmRoles = admin(stack) + users() + "/" + userId + "/role-mappings/realm";
            assertThat(keycloak.send("POST", realmRoles, keycloak.adminToken(), "[" + auditor + "]").status()).isEqualTo(204);
            assertEnrollmentRequired(grant(stack, keycloak, userId));
            keycloak.send("DELETE", realmRoles, keycloak.adminToken(), "[" + auditor + "]");

            // Held through a group: manage-users of the group's role mappings.
            keycloak.send("POST", admin(stack) + "/realms/" + BROKER + "/groups", keycloak.adminToken(), "{\"name\":\"" + group + "\"}");
            String groupId = keycloak.admin("/realms/" + BROKER + "/groups?exact=true&search=" + group).json().get(0)
                    .path("id").asText();
            keycloak.send("POST", admin(stack) + "/realms/" + BROKER + "/groups/" + groupId + "/role-mappings/clients/"
                    + realmManagementId(keycloak), keycloak.adminToken(), "[" + realmManagementRole(keycloak, "manage-users") + "]");
            keycloak.send("PUT", admin(stack) + users() + "/" + userId + "/groups/" + groupId, keycloak.adminToken(), null);
            assertEnrollmentRequired(grant(stack, keycloak, userId));

            forgetFailures(stack, keycloak, userId);
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page page = browser.passwordAt(BROKER, "dive-demo", null, username, PASSWORD);
            assertThat(page.code()).isNull();
            assertThat(page.hasElement("dive-otp-manual-key")).as(page.html().text()).isTrue();
            keycloak.send("DELETE", admin(stack) + "/realms/" + BROKER + "/groups/" + groupId, keycloak.adminToken(), null);
        } finally {
            keycloak.send("DELETE", admin(stack) + users() + "/" + userId, keycloak.adminToken(), null);
        }
    }

    @Test
    void underTheProductDefaultGateATopSecretUserCannotSelfEnroll(DiveStack stack, KeycloakClient keycloak) {
        OtpSettings.enrollmentGate(keycloak, null);
        try (RedisClient redis = stack.redis(DiveStack.REDIS_OPERATOR)) {
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page page = browser.passwordAt(BROKER, "dive-demo", "esp", "esp-top-secret", PASSWORD);
            assertThat(page.hasElement("dive-otp-activate-form")).as(page.html().text()).isTrue();
            assertThat(page.hasElement("dive-otp-manual-key")).isFalse();
            assertThat(page.code()).isNull();
            String userId = keycloak.userId(BROKER, "esp-top-secret");
            assertThat(redis.keys("dive:otp:pending:*:" + userId + ":*")).as("no secret was made").isEmpty();
        } finally {
            OtpSettings.enrollmentGate(keycloak, "open");
        }
    }

    /**
     * The password grant for the test user. Keycloak counts a grant refused for the missing second
     * factor as a failed login, and two within a second lock the account: the failures are
     * forgotten first, this test is not about brute-force protection.
     */
    private static KeycloakClient.Response grant(DiveStack stack, KeycloakClient keycloak, String userId) {
        forgetFailures(stack, keycloak, userId);
        String username = keycloak.admin(users() + "/" + userId).json().path("username").asText();
        return keycloak.passwordGrant(BROKER, "dive-demo", username, PASSWORD);
    }

    private static void forgetFailures(DiveStack stack, KeycloakClient keycloak, String userId) {
        keycloak.send("DELETE", admin(stack) + "/realms/" + BROKER + "/attack-detection/brute-force/users/" + userId,
                keycloak.adminToken(), null);
    }

    private static void assertEnrollmentRequired(KeycloakClient.Response grant) {
        assertThat(grant.status()).as(grant.body()).isEqualTo(400);
        assertThat(grant.json().path("error").asText()).isEqualTo("mfa_enrollment_required");
        assertThat(grant.json().has("access_token")).isFalse();
    }

    private static String createUnclassifiedUser(DiveStack stack, KeycloakClient keycloak, String username) {
        KeycloakClient.Response created = keycloak.send("POST", admin(stack) + users(), keycloak.adminToken(),
                "{\"username\":\"" + username + "\",\"enabled\":true,\"emailVerified\":true,\"firstName\":\"Privileged\","
                        + "\"lastName\":\"Test\",\"email\":\"" + username + "@dive.example\",\"attributes\":{"
                        + "\"clearance\":[\"NATO UNCLASSIFIED\"],\"countryOfAffiliation\":[\"USA\"],\"uniqueID\":[\""
                        + username + "@dive-broker\"]},\"credentials\":[{\"type\":\"password\",\"value\":\"" + PASSWORD
                        + "\",\"temporary\":false}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return keycloak.userId(BROKER, username);
    }

    private static String realmManagementId(KeycloakClient keycloak) {
        return keycloak.admin("/realms/" + BROKER + "/clients?clientId=realm-management").json().get(0).path("id").asText();
    }

    private static JsonNode realmManagementRole(KeycloakClient keycloak, String role) {
        return keycloak.admin("/realms/" + BROKER + "/clients/" + realmManagementId(keycloak) + "/roles/" + role).json();
    }

    private static String admin(DiveStack stack) {
        return stack.keycloakUrl() + "/admin";
    }

    private static String users() {
        return "/realms/" + BROKER + "/users";
    }
}
