package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Issue 5 "must show" 4, 6 and 7: an expired pending secret, Redis stopped mid-test, the password
 * grant with {@code totp}. Users here are used by no other test class.
 */
@ExtendWith(DiveStackExtension.class)
class OtpResilienceIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";

    private static String acr(BrowserSession browser, BrowserSession.Page done) {
        return KeycloakClient.claims(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText()).path("acr").asText();
    }

    @Test
    void anExpiredPendingSecretGivesAClearMessageAndAFreshEnrollment(DiveStack stack, KeycloakClient keycloak)
            throws Exception {
        String username = "ita-secret";
        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page enrollment = browser.passwordAt(BROKER, "dive-demo", "ita", username, PASSWORD);
        String firstKey = enrollment.text("dive-otp-manual-key");
        try (RedisClient redis = stack.redis(DiveStack.REDIS_OPERATOR)) {
            String userId = keycloak.userId(BROKER, username);
            // A short TTL, set in the test: the pending secret expires before the user types the code.
            for (String key : redis.keys("dive:otp:pending:*:" + userId + ":*")) {
                redis.pexpire(key, 1);
            }
            Thread.sleep(50);
        }
        BrowserSession.Page expired = browser.submit(enrollment, Map.of("otp", BrowserSession.freshCode(username, firstKey)));
        assertThat(expired.hasElement("dive-otp-enroll-form")).as(expired.html().text()).isTrue();
        assertThat(expired.html().text()).contains("took too long");
        String secondKey = expired.text("dive-otp-manual-key");
        assertThat(secondKey).isNotEqualTo(firstKey);
        BrowserSession.Page done = browser.submit(expired, Map.of("otp", BrowserSession.freshCode(username, secondKey)));
        assertThat(acr(browser, done)).isEqualTo("2");
    }

    @Test
    void withRedisDownEnrollingShowsAnErrorEnrolledUsersStillLogInAndNothingIsHalfWritten(DiveStack stack,
            KeycloakClient keycloak) {
        // Enroll one user while Redis is up.
        String enrolled = "gbr-top-secret";
        BrowserSession first = new BrowserSession(stack);
        BrowserSession.Page enrollment = first.passwordAt(BROKER, "dive-demo", "gbr", enrolled, PASSWORD);
        String key = enrollment.text("dive-otp-manual-key");
        assertThat(acr(first, first.submit(enrollment, Map.of("otp", BrowserSession.freshCode(enrolled, key))))).isEqualTo("2");

        stack.stopRedis();
        try {
            String enrolling = "deu-top-secret";
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page error = browser.passwordAt(BROKER, "dive-demo", "deu", enrolling, PASSWORD);
            assertThat(error.hasElement("dive-otp-error")).as(error.html().text()).isTrue();
            assertThat(error.html().text()).contains("Nothing was saved");
            JsonNode credentials = keycloak.admin("/realms/" + BROKER + "/users/" + keycloak.userId(BROKER, enrolling)
                    + "/credentials").json();
            assertThat(credentials.findValuesAsText("type")).doesNotContain("otp");

            BrowserSession again = new BrowserSession(stack);
            BrowserSession.Page otp = again.passwordAt(BROKER, "dive-demo", "gbr", enrolled, PASSWORD);
            assertThat(otp.hasElement("dive-otp-form")).as(otp.html().text()).isTrue();
            assertThat(acr(again, again.submit(otp, Map.of("otp", BrowserSession.freshCode(enrolled, key))))).isEqualTo("2");
        } finally {
            stack.startMissing();
        }

        String enrolling = "deu-top-secret";
        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page page = browser.passwordAt(BROKER, "dive-demo", "deu", enrolling, PASSWORD);
        assertThat(page.hasElement("dive-otp-enroll-form")).as(page.html().text()).isTrue();
        String newKey = page.text("dive-otp-manual-key");
        assertThat(acr(browser, browser.submit(page, Map.of("otp", BrowserSession.freshCode(enrolling, newKey))))).isEqualTo("2");
    }

    @Test
    void thePasswordGrantNeedsTotpForClearedUsers(DiveStack stack, KeycloakClient keycloak) {
        String username = "broker-top-secret";
        // Enroll in the browser first (the broker's own login form).
        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page enrollment = browser.passwordAt(BROKER, "dive-demo", null, username, PASSWORD);
        String key = enrollment.text("dive-otp-manual-key");
        assertThat(key).as(enrollment.html().text()).isNotBlank();
        assertThat(acr(browser, browser.submit(enrollment, Map.of("otp", BrowserSession.freshCode(username, key))))).isEqualTo("2");

        KeycloakClient.Response withCode = keycloak.token(BROKER, "dive-demo", null, Map.of("grant_type", "password",
                "username", username, "password", PASSWORD, "totp", BrowserSession.freshCode(username, key)));
        assertThat(withCode.status()).as(withCode.body()).isEqualTo(200);
        JsonNode claims = KeycloakClient.claims(withCode.json().path("access_token").asText());
        assertThat(claims.path("acr").asText()).isEqualTo("2");
        assertThat(claims.path("amr").toString()).isEqualTo("[\"pwd\",\"otp\"]");

        KeycloakClient.Response withoutCode = keycloak.token(BROKER, "dive-demo", null, Map.of("grant_type", "password",
                "username", username, "password", PASSWORD));
        assertThat(withoutCode.status()).isEqualTo(401);
        assertThat(withoutCode.json().path("error").asText()).isEqualTo("invalid_grant");

        KeycloakClient.Response unenrolled = keycloak.token(BROKER, "dive-demo", null, Map.of("grant_type", "password",
                "username", "broker-secret", "password", PASSWORD));
        assertThat(unenrolled.status()).isEqualTo(400);
        assertThat(unenrolled.json().path("error").asText()).isEqualTo("mfa_enrollment_required");
        assertThat(unenrolled.json().path("error_description").asText()).contains("totp");

        // Below the threshold nothing changes: the demo user (NATO UNCLASSIFIED) needs no code.
        assertThat(keycloak.passwordGrant(BROKER, "dive-demo", "dive-demo", PASSWORD).status()).isEqualTo(200);
        assertThat(List.of(withCode.status(), withoutCode.status(), unenrolled.status())).containsExactly(200, 401, 400);
    }
}
