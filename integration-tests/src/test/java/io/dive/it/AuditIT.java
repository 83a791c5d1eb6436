package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.dive.audit.AuditCollection;
import io.dive.audit.AuditEncoding;
import io.dive.audit.KeyRelease;
import io.dive.audit.MongoRetention;
import io.dive.audit.MongoSink;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail against the stack's real FerretDB over TCP (issue 13's must-show 1, 2, 3, 5, 6):
 * an OTP login and a ZTDF decrypt leave correlated authentications, decisions and key_releases;
 * a resource server's OPA decision arrives through OPA's decision-log plugin, masked; the sweeper
 * expires by retention on FerretDB (no TTL indexes); no secret fed through any path is stored; the
 * auditor API answers 401/403/400, pages and counts.
 */
@ExtendWith(DiveStackExtension.class)
class AuditIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MongoClient mongo;
    private static MongoDatabase audit;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect(DiveStack stack) {
        mongo = MongoClients.create(stack.ferretdbUrl());
        audit = mongo.getDatabase("dive_audit");
    }

    @AfterAll
    static void disconnect() {
        if (mongo != null) {
            mongo.close();
        }
    }

    /** Must-show 1 and (for this path) 5. */
    @Test
    void anOtpLoginAndADecryptLeaveCorrelatedRecordsWithoutAnySecret(DiveStack stack, KeycloakClient keycloak) throws Exception {
        removeOtp(keycloak, "gbr-secret");
        JsonNode tokens = new BrowserSession(stack).loginThroughBroker(BROKER, "dive-demo", "gbr", "gbr-secret", PASSWORD);
        String accessToken = tokens.path("access_token").asText();
        String sid = KeycloakClient.claims(accessToken).path("sid").asText();
        assertThat(sid).as("the token names its session").isNotBlank();

        Path plain = dir.resolve("plain.bin");
        Files.write(plain, "audit me".repeat(1000).getBytes());
        Path file = dir.resolve("doc.ztdf");
        ZtdfClient client = new ZtdfClient(new KasClient());
        client.encrypt(plain, file, KasIT.secretRelUsaGbr(), List.of(KasIT.kasUrl(stack)), KeyAlgorithm.RSA_2048, done -> { });
        client.decrypt(file, dir.resolve("out.bin"), accessToken, done -> { });
        KeyAccessObject kao;
        String policy;
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            kao = reader.keyAccessObjects().get(0);
            policy = reader.policy();
        }

        BsonDocument release = await(() -> first("key_releases", Filters.eq("correlationId", sid)));
        assertThat(release.getString("outcome").getValue()).isEqualTo(KeyRelease.PERMIT);
        assertThat(release.get("timestamp").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(release.getString("classification").getValue()).isEqualTo("SECRET");
        assertThat(release.getArray("releasableTo").getValues()).hasSize(2);
        assertThat(release.getString("clearance").getValue()).isEqualTo("SECRET");
        assertThat(release.getString("country").getValue()).isEqualTo("GBR");
        assertThat(release.getString("acr").getValue()).isEqualTo("2");
        assertThat(release.getString("kasUrl").getValue()).isEqualTo(stack.kasOriginUrl());
        assertThat(release.getString("policyHash").getValue()).hasSize(64);
        assertThat(release.get("latencyMillis").isNumber()).isTrue();
        String requestId = release.getString("requestId").getValue();
        String decisionId = release.getString("decisionId").getValue();

        BsonDocument decision = await(() -> first("decisions", Filters.eq("_id", decisionId)));
        assertThat(decision.getString("requestId").getValue()).as("the KAS's request id reached OPA").isEqualTo(requestId);
        assertThat(decision.getString("path").getValue()).isEqualTo("dive/kas/decision");
        assertThat(decision.getString("outcome").getValue()).isEqualTo(KeyRelease.PERMIT);
        assertThat(decision.get("timestamp").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(decision.getString("correlationId").getValue()).as("the KAS sent the token's sid to OPA").isEqualTo(sid);

        List<String> steps = awaitSteps(Filters.eq("correlationId", sid), "CODE_ACCEPTED");
        assertThat(steps).as("the OTP enrollment of this login, by the session the token names")
                .contains("ENROLLMENT_STARTED", "ENROLLMENT_FINISHED", "CODE_ACCEPTED");

        Set<String> secrets = new HashSet<>(List.of(accessToken, signature(accessToken), tokens.path("refresh_token").asText(),
                tokens.path("id_token").asText(), PASSWORD, kao.wrappedKey(), policy));
        assertNoneStored(secrets);
    }

    /**
     * Must-show 5 for the OTP and KAS secrets: an activation code (a wrong one refused, the issued one
     * accepted), the enrolled OTP secret, the OTP code typed, and the signed request token of a rewrap
     * pass through their paths; no stored record holds any of them.
     */
    @Test
    void activationCodesOtpSecretsOtpCodesAndSignedRequestTokensAreNeverStored(DiveStack stack, KeycloakClient keycloak)
            throws Exception {
        String admin = OtpActivationGateIT.adminToken(stack);
        String username = "can-top-secret";
        removeOtp(keycloak, username);
        OtpSettings.enrollmentGate(keycloak, "activation-code");
        String wrongCode = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
        String activationCode;
        String manualKey;
        String otpCode;
        String accessToken;
        try {
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page gate = browser.passwordAt(BROKER, "dive-demo", "can", username, PASSWORD);
            assertThat(gate.hasElement("dive-otp-activate-form")).as(gate.html().text()).isTrue();
            Thread.sleep(1_100);
            BrowserSession.Page refused = browser.submit(gate, Map.of("activationCode", wrongCode));
            activationCode = OtpActivationGateIT.issueCode(stack, admin, username);
            Thread.sleep(1_100);
            BrowserSession.Page enrollment = browser.submit(refused, Map.of("activationCode", activationCode));
            manualKey = enrollment.text("dive-otp-manual-key");
            assertThat(manualKey).as(enrollment.html().text()).isNotBlank();
            otpCode = BrowserSession.freshCode(username, manualKey);
            BrowserSession.Page done = browser.submit(enrollment, Map.of("otp", otpCode));
            accessToken = browser.tokens(BROKER, "dive-demo", done).path("access_token").asText();
        } finally {
            OtpSettings.enrollmentGate(keycloak, "open");
        }
        String sid = KeycloakClient.claims(accessToken).path("sid").asText();

        String kasUrl = KasIT.kasUrl(stack);
        String policyUuid = UUID.randomUUID().toString();
        RewrapLoad load = new RewrapLoad(kasUrl, accessToken, new KasClient().publicKey(kasUrl, KeyAlgorithm.RSA_2048),
                new io.dive.ztdf.PolicyObject(policyUuid, new io.dive.ztdf.SecurityLabel("SECRET", List.of("CAN"), List.of(),
                        List.of(), "CAN", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())).toBase64());
        RewrapLoad.Body body = load.fresh(KeyAlgorithm.RSA_2048.newKeyPair(), 1).get(0);
        assertThat(load.post(body).permitted()).isTrue();
        String signedRequestToken = JSON.readTree(body.json()).path("signedRequestToken").asText();
        assertThat(signedRequestToken).isNotBlank();

        // A denied key release carries OPA's decision id too, and the decision the session's id.
        String deniedUuid = UUID.randomUUID().toString();
        RewrapLoad usaOnly = new RewrapLoad(kasUrl, accessToken, new KasClient().publicKey(kasUrl, KeyAlgorithm.RSA_2048),
                new io.dive.ztdf.PolicyObject(deniedUuid, KasIT.secretRelUsaGbr()).toBase64());
        assertThat(usaOnly.post(usaOnly.fresh(KeyAlgorithm.RSA_2048.newKeyPair(), 1).get(0)).permitted()).isFalse();
        BsonDocument denied = await(() -> first("key_releases", Filters.eq("resource", deniedUuid)));
        assertThat(denied.getString("outcome").getValue()).isEqualTo(KeyRelease.DENY);
        assertThat(denied.getString("failure").getValue()).isEqualTo("ACCESS_DENIED");
        BsonDocument deniedDecision = await(() -> first("decisions", Filters.eq("_id", denied.getString("decisionId").getValue())));
        assertThat(deniedDecision.getString("outcome").getValue()).isEqualTo(KeyRelease.DENY);
        assertThat(deniedDecision.getString("requestId").getValue()).isEqualTo(denied.getString("requestId").getValue());
        assertThat(deniedDecision.getString("correlationId").getValue()).isEqualTo(sid);

        // Every path ran: the steps of this login and the key release of this rewrap are stored.
        await(() -> first("key_releases", Filters.eq("resource", policyUuid)));
        awaitSteps(Filters.eq("correlationId", sid), "CODE_ACCEPTED");
        String subject = first("key_releases", Filters.eq("resource", policyUuid)).getString("subject").getValue();
        assertThat(awaitSteps(Filters.eq("subject", subject), "ACTIVATION_CODE_USED")).as("the activation code's paths are audited")
                .contains("ACTIVATION_CODE_ISSUED", "ACTIVATION_CODE_REFUSED", "ACTIVATION_CODE_USED");

        assertNoneStored(Set.of(wrongCode, activationCode, manualKey, manualKey.replace(" ", ""), signedRequestToken,
                signature(signedRequestToken), accessToken));
        // A six-digit code can occur inside a hex id by chance: it counts only standing alone.
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("(?<![0-9A-Za-z])" + otpCode + "(?![0-9A-Za-z])");
        forEveryRecord((collection, text) -> assertThat(code.matcher(text).find()).as("the OTP code in " + collection).isFalse());
        // Leaves no enrolled account behind (its session ends too, so only now): BrokerLoginIT expects
        // this user's first brokered login to enroll.
        keycloak.forgetBrokeredUser(BROKER, username);
    }

    /** The OTP steps stored for {@code filter}, once {@code last} is among them. */
    private static List<String> awaitSteps(org.bson.conversions.Bson filter, String last) throws InterruptedException {
        return await(() -> {
            List<String> steps = new ArrayList<>();
            audit.getCollection("authentications", BsonDocument.class).find(filter)
                    .forEach(step -> steps.add(step.getString("step").getValue()));
            return steps.contains(last) ? steps : null;
        });
    }

    /** Must-show 2 and (for this path) 5. */
    @Test
    void aResourceServersDecisionArrivesThroughOpasDecisionLogMasked(DiveStack stack) throws Exception {
        String requestId = "rs-" + UUID.randomUUID();
        String secretToken = "eyJhbGciOiJSUzI1NiJ9.resource-server-secret-" + UUID.randomUUID();
        String freeText = "justification free text " + UUID.randomUUID();
        ObjectNode input = JSON.createObjectNode();
        input.putObject("subject").put("uniqueID", "rs-user@usa").put("clearance", "SECRET")
                .put("countryOfAffiliation", "USA").put("access_token", secretToken);
        input.put("action", "read").put("token", secretToken).put("justification", freeText);
        input.putObject("resource").put("resourceId", "rs-doc-1").put("classification", "SECRET").putArray("releasableTo").add("USA");
        input.putObject("context").put("time", Instant.now().toString()).put("requestId", requestId).put("note", freeText);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.opaUrl() + "/v1/data/dive/authz/decision"))
                .header("Authorization", "Bearer " + stack.opaToken(DiveStack.OPA_RESOURCE_SERVER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().set("input", input).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String decisionId = JSON.readTree(answer.body()).path("decision_id").asText();
        assertThat(decisionId).isNotBlank();

        BsonDocument decision = await(() -> first("decisions", Filters.eq("requestId", requestId)));
        assertThat(decision.getString("_id").getValue()).isEqualTo(decisionId);
        assertThat(decision.getString("path").getValue()).isEqualTo("dive/authz/decision");
        assertThat(decision.getString("subject").getValue()).isEqualTo("rs-user@usa");
        assertThat(decision.getArray("erased").getValues().stream().map(v -> v.asString().getValue()).toList())
                .contains("/input/token", "/input/justification", "/input/subject/access_token", "/input/context/note");
        assertNoneStored(Set.of(secretToken, freeText));
    }

    /** Must-show 3: FerretDB refuses TTL indexes, so the sweeper expires by retention, one node at a time. */
    @Test
    void onFerretDbTheSweeperDeletesWhatIsOlderThanTheRetentionAndKeepsTheRest() throws Exception {
        MongoDatabase scratch = mongo.getDatabase("dive_audit_retention_it");
        scratch.drop();
        Map<AuditCollection, Duration> retention = new EnumMap<>(AuditCollection.class);
        for (AuditCollection collection : AuditCollection.values()) {
            retention.put(collection, Duration.ofDays(90));
        }
        MongoRetention node = new MongoRetention(scratch, retention, Clock.systemUTC());
        node.createIndexes();
        assertThat(node.swept()).as("FerretDB has no TTL indexes").containsExactlyInAnyOrder(AuditCollection.values());
        KeyRelease old = AuditRecords.keyRelease("old", Instant.now().minus(Duration.ofDays(91)));
        KeyRelease recent = AuditRecords.keyRelease("recent", Instant.now().minus(Duration.ofDays(89)));
        new MongoSink(scratch, () -> { }).write(List.of(AuditEncoding.encode(old), AuditEncoding.encode(recent)));

        MongoRetention otherNode = new MongoRetention(scratch, retention, Clock.systemUTC());
        otherNode.createIndexes();
        assertThat(node.sweep(Duration.ofMinutes(5))).isEqualTo(1);
        assertThat(otherNode.sweep(Duration.ofMinutes(5))).as("the lease is the first node's").isEqualTo(-1);
        List<String> left = new ArrayList<>();
        scratch.getCollection("key_releases", BsonDocument.class).find().forEach(d -> left.add(d.getString("_id").getValue()));
        assertThat(left).containsExactly(recent.id());
        var indexes = new ArrayList<String>();
        scratch.getCollection("key_releases").listIndexes().forEach(index -> indexes.add(index.toJson()));
        assertThat(String.join(" ", indexes)).contains("subject", "resource", "outcome", "correlationId");
        scratch.drop();
    }

    /** Must-show 6. */
    @Test
    void theAuditorApiGuardsPagesAndCounts(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String auditor = serviceAccountToken(keycloak, "dive-audit-it-auditor", true);
        String other = serviceAccountToken(keycloak, "dive-audit-it-other", false);
        String base = stack.keycloakUrl() + "/realms/" + BROKER + "/dive-audit/key_releases";
        assertThat(keycloak.get(base).status()).isEqualTo(401);
        assertThat(keycloak.send("GET", base, other, null).status()).isEqualTo(403);
        KeycloakClient.Response bad = keycloak.send("GET", base + "?limit=100000", auditor, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("parameter").asText()).isEqualTo("limit");
        assertThat(keycloak.send("GET", base + "?from=yesterday", auditor, null).json().path("parameter").asText())
                .isEqualTo("from");
        assertThat(keycloak.send("GET", stack.keycloakUrl() + "/realms/" + BROKER + "/dive-audit/users", auditor, null)
                .json().path("parameter").asText()).isEqualTo("collection");

        // Seven records of one subject in a past hour of their own: three pages of three, and counts that match.
        String subject = "auditor-it-" + UUID.randomUUID();
        Instant hour = Instant.parse("2001-01-01T10:00:00Z");
        List<AuditEncoding.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            entries.add(AuditEncoding.encode(AuditRecords.keyRelease(subject, hour.plusSeconds(i / 2),
                    i < 5 ? KeyRelease.PERMIT : KeyRelease.DENY, i % 2 == 0 ? "SECRET" : "CONFIDENTIAL")));
        }
        new MongoSink(audit, () -> { }).write(entries);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            KeycloakClient.Response page = keycloak.send("GET", base + "?subject=" + subject + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), auditor, null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().path("records").forEach(record -> assertThat(seen.add(record.path("_id").asText())).isTrue());
            cursor = page.json().path("cursor").isNull() ? null : page.json().path("cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(7);
        assertThat(pages).isEqualTo(3);

        KeycloakClient.Response counts = keycloak.send("GET", base + "/counts?from=2001-01-01T10:00:00Z&to=2001-01-01T10:00:04Z",
                auditor, null);
        assertThat(counts.status()).as(counts.body()).isEqualTo(200);
        Map<String, Long> byKey = new java.util.HashMap<>();
        counts.json().path("counts").forEach(c -> byKey.put(c.path("outcome").asText() + "/" + c.path("classification").asText(),
                c.path("count").asLong()));
        assertThat(byKey).isEqualTo(Map.of("PERMIT/SECRET", 3L, "PERMIT/CONFIDENTIAL", 2L, "DENY/SECRET", 1L,
                "DENY/CONFIDENTIAL", 1L));
    }

    /** The trail's health is in the KAS health and its own. */
    @Test
    void healthShowsTheSinkAndItsCounters(DiveStack stack, KeycloakClient keycloak) {
        JsonNode health = keycloak.get(stack.keycloakUrl() + "/realms/" + BROKER + "/dive-audit/health").json();
        assertThat(health.path("sink").asText()).isEqualTo("mongodb:dive_audit");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.has("spilled") && health.has("replayed") && health.has("queueDepth")).isTrue();
        assertThat(keycloak.get(KasIT.kasUrl(stack) + "/health").json().path("audit").path("sink").asText())
                .isEqualTo("mongodb:dive_audit");
    }

    private static void assertNoneStored(Set<String> secrets) {
        forEveryRecord((collection, text) -> {
            for (String secret : secrets) {
                assertThat(text).as("a secret in " + collection).doesNotContain(secret);
            }
        });
    }

    /** Every stored record of every collection, as its collection's name and its JSON. */
    private static void forEveryRecord(java.util.function.BiConsumer<String, String> check) {
        for (AuditCollection collection : AuditCollection.values()) {
            audit.getCollection(collection.collectionName(), BsonDocument.class).find()
                    .forEach(document -> check.accept(collection.collectionName(), document.toJson()));
        }
    }

    private static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    private static BsonDocument first(String collection, org.bson.conversions.Bson filter) {
        return audit.getCollection(collection, BsonDocument.class).find(filter).first();
    }

    private static <T> T await(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value;
        while ((value = probe.get()) == null) {
            assertThat(System.nanoTime()).as("not stored within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        return value;
    }

    /** Deletes the OTP credentials of the broker's users named like {@code username}: the next login enrolls. */
    private static void removeOtp(KeycloakClient keycloak, String username) {
        for (JsonNode user : keycloak.admin("/realms/" + BROKER + "/users?search=" + username).json()) {
            String userId = user.path("id").asText();
            for (JsonNode credential : keycloak.admin("/realms/" + BROKER + "/users/" + userId + "/credentials").json()) {
                if ("otp".equals(credential.path("type").asText())) {
                    keycloak.adminDelete("/realms/" + BROKER + "/users/" + userId + "/credentials/" + credential.path("id").asText());
                }
            }
        }
    }

    /** A confidential client of the broker realm with a service account, holding dive-auditor or not; its token. */
    private static String serviceAccountToken(KeycloakClient keycloak, String clientId, boolean auditor) {
        String secret = "it-secret-" + clientId;
        keycloak.adminPost("/realms/" + BROKER + "/roles", JSON.createObjectNode().put("name", "dive-auditor"));
        ObjectNode client = JSON.createObjectNode().put("clientId", clientId).put("publicClient", false)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false).put("secret", secret);
        keycloak.adminPost("/realms/" + BROKER + "/clients", client); // 201, or 409 when it exists
        String id = keycloak.admin("/realms/" + BROKER + "/clients?clientId=" + clientId).json().get(0).path("id").asText();
        if (auditor) {
            String userId = keycloak.admin("/realms/" + BROKER + "/clients/" + id + "/service-account-user").json()
                    .path("id").asText();
            JsonNode role = keycloak.admin("/realms/" + BROKER + "/roles/dive-auditor").json();
            keycloak.adminPost("/realms/" + BROKER + "/users/" + userId + "/role-mappings/realm",
                    JSON.createArrayNode().add(role));
        }
        return keycloak.token(BROKER, clientId, secret, Map.of("grant_type", "client_credentials")).json()
                .path("access_token").asText();
    }
}
