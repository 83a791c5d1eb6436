package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** Issue 5 "must show" 8: with the activation-code gate on, no secret exists until a valid code is entered. */
@ExtendWith(DiveStackExtension.class)
class OtpActivationGateIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * broker-admin's access token: a realm-management account logs in with the second factor, so
     * through the browser (enrolling under the demo's open gate the first time). Taken before a test
     * closes the gate.
     */
    static String adminToken(DiveStack stack) {
        return new BrowserSession(stack).loginThroughBroker(BROKER, "dive-demo", null, "broker-admin", PASSWORD)
                .path("access_token").asText();
    }

    /** A new activation code for {@code username}, issued by the holder of {@code token} (a user manager). */
    static String issueCode(DiveStack stack, String token, String username) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        stack.keycloakUrl() + "/realms/" + BROKER + "/dive-otp/users/" + username + "/activation-code"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("activationCode").asText();
    }

    @Test
    void noSecretExistsUntilAValidActivationCodeIsEnteredAndEachCodeWorksOnce(DiveStack stack, KeycloakClient keycloak)
            throws Exception {
        String admin = adminToken(stack);
        OtpSettings.enrollmentGate(keycloak, "activation-code");
        try (RedisClient redis = stack.redis(DiveStack.REDIS_OPERATOR)) {
            String username = "nld-secret";
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page gatePage = browser.passwordAt(BROKER, "dive-demo", "nld", username, PASSWORD);
            assertThat(gatePage.hasElement("dive-otp-activate-form")).as(gatePage.html().text()).isTrue();
            assertThat(gatePage.hasElement("dive-otp-manual-key")).isFalse();
            String userId = keycloak.userId(BROKER, username);
            assertThat(redis.keys("dive:otp:pending:*:" + userId + ":*")).as("nothing in Redis yet").isEmpty();

            Thread.sleep(1_100);
            BrowserSession.Page wrong = browser.submit(gatePage, Map.of("activationCode", "AAAAAAAAAAAAAAAA"));
            assertThat(wrong.html().text()).contains("not valid or has already been used");
            assertThat(wrong.hasElement("dive-otp-manual-key")).isFalse();
            assertThat(redis.keys("dive:otp:pending:*:" + userId + ":*")).isEmpty();

            String code = issueCode(stack, admin, username);
            assertThat(redis.get("dive:otp:activation:" + redis.keys("dive:otp:activation:*:" + userId).iterator().next()
                    .split(":")[3] + ":" + userId)).as("stored hashed").doesNotContain(code);
            Thread.sleep(1_100);
            BrowserSession.Page enrollment = browser.submit(wrong, Map.of("activationCode", code));
            String manualKey = enrollment.text("dive-otp-manual-key");
            assertThat(manualKey).as(enrollment.html().text()).isNotBlank();
            BrowserSession.Page done = browser.submit(enrollment, Map.of("otp", BrowserSession.freshCode(username, manualKey)));
            assertThat(KeycloakClient.claims(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText())
                    .path("acr").asText()).isEqualTo("2");

            // A code works once: accepted in one login, refused in the next. (A brokered account exists in
            // the broker after its first login, so the administrator issues the code after that.)
            String other = "nld-top-secret";
            BrowserSession one = new BrowserSession(stack);
            BrowserSession.Page firstGate = one.passwordAt(BROKER, "dive-demo", "nld", other, PASSWORD);
            String otherCode = issueCode(stack, admin, other);
            BrowserSession.Page accepted = one.submit(firstGate, Map.of("activationCode", otherCode));
            assertThat(accepted.hasElement("dive-otp-manual-key")).isTrue();
            BrowserSession two = new BrowserSession(stack);
            BrowserSession.Page gateAgain = two.passwordAt(BROKER, "dive-demo", "nld", other, PASSWORD);
            Thread.sleep(1_100);
            BrowserSession.Page reused = two.submit(gateAgain, Map.of("activationCode", otherCode));
            assertThat(reused.html().text()).contains("not valid or has already been used");
            assertThat(reused.hasElement("dive-otp-manual-key")).isFalse();
        } finally {
            OtpSettings.enrollmentGate(keycloak, "open");
        }
    }

    @Test
    void onlyRealmUserManagersIssueActivationCodes(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String token = keycloak.passwordGrant(BROKER, "dive-demo", "dive-demo", PASSWORD).json().path("access_token").asText();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        stack.keycloakUrl() + "/realms/" + BROKER + "/dive-otp/users/nld-secret/activation-code"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        stack.keycloakUrl() + "/realms/" + BROKER + "/dive-otp/users/nld-secret/activation-code"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
