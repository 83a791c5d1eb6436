package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.PolicyBinding;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DIVE meters on Keycloak's management {@code /metrics} (issue 15, must-show 1 and 4): each
 * step of a brokered SECRET login with enrollment, a permitted and a denied decrypt, a wrong OTP
 * code and a tampered file moves its {@code dive_*} series by exactly one; a thousand logins of
 * distinct users add no series.
 */
@ExtendWith(DiveStackExtension.class)
class MetricsIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";
    private static final String REALM = "realm=\"" + BROKER + "\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static SecurityLabel secretReleasableTo(String... countries) {
        return new SecurityLabel("SECRET", List.of(countries), List.of(), List.of(), "USA",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** Must-show 1. */
    @Test
    void eachStepMovesItsDiveSeriesByExactlyOne(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String username = "deu-secret";
        // A first brokered login (enrollment included) whatever other tests did with this user before:
        // the broker's account of the user goes, the national one stays.
        keycloak.forgetBrokeredUser(BROKER, username);
        ZtdfClient ztdf = new ZtdfClient(new KasClient());
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, "metrics".repeat(1000).getBytes(StandardCharsets.UTF_8));
        Path permitted = dir.resolve("permitted.ztdf");
        Path denied = dir.resolve("denied.ztdf");
        ztdf.encrypt(plain, permitted, secretReleasableTo("USA", "DEU"), List.of(KasIT.kasUrl(stack)), KeyAlgorithm.RSA_2048, d -> { });
        ztdf.encrypt(plain, denied, secretReleasableTo("USA"), List.of(KasIT.kasUrl(stack)), KeyAlgorithm.RSA_2048, d -> { });
        String forged = Base64.getEncoder().encodeToString("ab".repeat(32).getBytes(StandardCharsets.US_ASCII));
        Path tampered = ZtdfTampering.rewriteKeyAccessObject(permitted, dir.resolve("tampered.ztdf"), 0,
                kao -> kao.withPolicyBinding(new PolicyBinding(PolicyBinding.HS256, forged)));

        DiveMetrics before = DiveMetrics.scrape(stack);

        // The brokered login: enrollment page, one wrong code, then the right one.
        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page page = browser.passwordAt(BROKER, "dive-demo", "deu", username, PASSWORD);
        // Pages between the IdP and the enrollment (first-broker-login) are submitted as they are.
        for (int step = 0; step < 10 && !page.hasElement("dive-otp-manual-key") && page.code() == null; step++) {
            page = browser.submit(page, Map.of());
        }
        assertThat(page.hasElement("dive-otp-manual-key")).as("the enrollment page").isTrue();
        String key = page.text("dive-otp-manual-key");
        String right = Totp.code(key, Totp.step(System.currentTimeMillis()));
        page = browser.submit(page, Map.of("otp", "000000".equals(right) ? "111111" : "000000"));
        assertThat(page.html().text()).contains("That code is not valid");
        page = browser.skipAutoForms(browser.submit(page, Map.of("otp", BrowserSession.freshCode(username, key))));
        String token = browser.tokens(BROKER, "dive-demo", page).path("access_token").asText();

        ztdf.decrypt(permitted, dir.resolve("out.bin"), token, d -> { });
        assertThat(Files.readAllBytes(dir.resolve("out.bin"))).isEqualTo(Files.readAllBytes(plain));
        assertThatThrownBy(() -> ztdf.decrypt(denied, dir.resolve("denied.bin"), token, d -> { })).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> ztdf.decrypt(tampered, dir.resolve("tampered.bin"), token, d -> { })).isInstanceOf(Exception.class);

        DiveMetrics after = DiveMetrics.scrape(stack);
        Map<String, Double> moved = after.countersMovedSince(before);
        System.out.println("dive_* counters moved: " + moved);

        // OTP: the four steps of this login, nothing else in the broker realm.
        assertThat(delta(before, after, "dive_otp_steps_total", REALM, "step=\"enrollment_started\"", "outcome=\"success\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_otp_steps_total", REALM, "step=\"code_refused\"", "outcome=\"failure\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_otp_steps_total", REALM, "step=\"enrollment_finished\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_otp_steps_total", REALM, "step=\"code_accepted\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_otp_steps_total", REALM)).isEqualTo(4);
        // KAS: one key access object each, by outcome and failure kind.
        assertThat(delta(before, after, "dive_kas_key_access_total", REALM, "outcome=\"permit\"", "failure=\"none\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_kas_key_access_total", REALM, "outcome=\"deny\"", "failure=\"access_denied\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_kas_key_access_total", REALM, "outcome=\"deny\"", "failure=\"bad_request\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_kas_key_access_total")).isEqualTo(3);
        assertThat(delta(before, after, "dive_kas_denial_reasons_total", REALM)).as("the denial's reason codes").isPositive();
        assertThat(delta(before, after, "dive_kas_tamper_total", "signal=\"binding_mismatch\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_kas_tamper_total")).isEqualTo(1);
        // Three rewrap requests timed per stage; three OPA decisions (decide before unwrap), none failed closed.
        assertThat(delta(before, after, "dive_kas_stage_seconds_count", "stage=\"total\"")).isEqualTo(3);
        assertThat(delta(before, after, "dive_kas_stage_seconds_count", "stage=\"unwrap\"")).isEqualTo(3);
        assertThat(delta(before, after, "dive_opa_decision_seconds_count", "decision_point=\"kas\"", "source=\"opa\"")).isEqualTo(3);
        assertThat(delta(before, after, "dive_opa_decision_seconds_count", "outcome=\"deny\"")).isEqualTo(1);
        assertThat(delta(before, after, "dive_opa_fail_closed_total")).isZero();
        assertThat(delta(before, after, "dive_kas_request_refusals_total")).isZero();
        assertThat(after.sum("dive_redis_up")).isEqualTo(1);
        assertThat(after.series()).containsKey("dive_audit_queue_depth");
        assertThat(after.sum("dive_audit_dropped_total")).isZero();
    }

    private static double delta(DiveMetrics before, DiveMetrics after, String name, String... labels) {
        return after.movedSince(before, name, labels);
    }

    /** Must-show 4: logins of distinct users (1,000 by default) move counters, never the number of series. */
    @Test
    void loginsOfDistinctUsersAddNoSeries(DiveStack stack, KeycloakClient keycloak) throws Exception {
        int logins = Integer.getInteger("dive.it.cardinalityLogins", 1000);
        String prefix = "metrics-" + Long.toString(System.nanoTime(), 36) + "-";
        JsonNode template = keycloak.admin("/realms/" + BROKER + "/users?username=broker-secret&exact=true").json().get(0);
        JsonNode realm = keycloak.admin("/realms/" + BROKER).json();
        String passwordPolicy = realm.path("passwordPolicy").asText("");
        // One hash iteration while these users exist: the test is about series, not PBKDF2.
        keycloak.adminPut("/realms/" + BROKER, JSON.createObjectNode().put("passwordPolicy", "hashIterations(1)"));
        try {
            ObjectNode partial = JSON.createObjectNode().put("ifResourceExists", "SKIP");
            ArrayNode users = partial.putArray("users");
            for (int i = 0; i < logins; i++) {
                ObjectNode user = users.addObject().put("username", prefix + i).put("enabled", true)
                        .put("email", prefix + i + "@metrics.example").put("firstName", "M").put("lastName", "U" + i);
                ObjectNode attributes = template.path("attributes").deepCopy();
                attributes.putArray("uniqueID").add(prefix + i + "@" + BROKER);
                user.set("attributes", attributes);
                user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
            }
            KeycloakClient.Response imported = keycloak.adminPost("/realms/" + BROKER + "/partialImport", partial);
            assertThat(imported.status()).as(imported.body()).isEqualTo(200);

            assertThat(login(keycloak, prefix + 0)).isEqualTo("mfa_enrollment_required");
            DiveMetrics before = DiveMetrics.scrape(stack);
            // Keycloak reads the realm key certificates once at start: their series are there already.
            assertThat(before.series().keySet()).anyMatch(s -> s.startsWith("dive_certificate_not_after_seconds{"));
            List<String> answers = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 1; i < logins; i++) {
                    String username = prefix + i;
                    futures.add(pool.submit(() -> login(keycloak, username)));
                }
                for (Future<String> future : futures) {
                    answers.add(future.get());
                }
            } finally {
                pool.shutdown();
            }
            DiveMetrics after = DiveMetrics.scrape(stack);
            Map<String, Long> byAnswer = answers.stream().collect(Collectors.groupingBy(a -> a, TreeMap::new, Collectors.counting()));
            System.out.printf("%d logins of distinct users: %s; dive_* series before %d, after %d%n", logins, byAnswer,
                    before.series().size(), after.series().size());
            assertThat(byAnswer).containsOnlyKeys("mfa_enrollment_required");
            assertThat(delta(before, after, "dive_otp_steps_total", REALM, "step=\"mfa_enrollment_required\""))
                    .isEqualTo(logins - 1);
            assertThat(after.series().keySet()).as("no series per user").isEqualTo(before.series().keySet());
        } finally {
            keycloak.adminPut("/realms/" + BROKER, JSON.createObjectNode().put("passwordPolicy", passwordPolicy));
        }
    }

    /** The password grant's error code (the DIVE direct-grant OTP step answers it for unenrolled cleared users). */
    private static String login(KeycloakClient keycloak, String username) {
        KeycloakClient.Response grant = keycloak.passwordGrant(BROKER, "dive-demo", username, PASSWORD);
        return grant.status() == 200 ? "ok" : grant.json() == null ? "status " + grant.status() : grant.json().path("error").asText();
    }
}
