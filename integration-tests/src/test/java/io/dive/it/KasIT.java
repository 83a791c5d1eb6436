package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.kas.KasRealmSettings;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PolicyBinding;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.ZtdfException;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.KasClientException;
import io.dive.ztdf.client.ZtdfClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Key Access Service inside the running Keycloak, with the OPA sidecar (issue 6, must show 1,
 * 2 and 4). Files are written and read with the DIVE client library; tokens come from real logins
 * through the broker (with OTP where the clearance requires it).
 */
@ExtendWith(DiveStackExtension.class)
class KasIT {

    static final String BROKER = "dive-broker";
    static final String PASSWORD = "dive-demo-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    static String kasUrl(DiveStack stack) {
        return stack.keycloakUrl() + "/realms/" + BROKER + "/kas";
    }

    /** An access token of a national user logged in through the broker (OTP enrollment answered). */
    /**
     * A broker token of {@code username}, logged in once per suite and again when the cached one has
     * less than a minute left (test classes run in one JVM, far apart, and tokens live 5 minutes).
     */
    static String token(DiveStack stack, String idp, String username) {
        return TOKENS.compute(username, (user, cached) -> cached != null && secondsLeft(cached) > 60 ? cached
                : new BrowserSession(stack).loginThroughBroker(BROKER, "dive-demo", idp, user, PASSWORD)
                        .path("access_token").asText());
    }

    private static long secondsLeft(String jwt) {
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            return claims.path("exp").asLong() - Instant.now().getEpochSecond();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static SecurityLabel secretRelUsaGbr() {
        return new SecurityLabel("SECRET", List.of("USA", "GBR"), List.of(), List.of(), "USA",
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    private Path plaintext(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = dir.resolve("plain-" + size + ".bin");
        Files.write(file, data);
        return file;
    }

    private Path encrypt(DiveStack stack, Path plain, KeyAlgorithm keyType, String... kasUrls) throws Exception {
        Path file = dir.resolve(plain.getFileName() + "-" + keyType + "-" + System.nanoTime() + ".ztdf");
        List<String> urls = kasUrls.length == 0 ? List.of(kasUrl(stack)) : List.of(kasUrls);
        new ZtdfClient(new KasClient()).encrypt(plain, file, secretRelUsaGbr(), urls, keyType, done -> { });
        return file;
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void aSecretRelUsaGbrFileRoundTripsForAUsaSecretUserWithOtp(KeyAlgorithm keyType, DiveStack stack) throws Exception {
        String token = token(stack, "usa", "usa-secret");
        JsonNode claims = KeycloakClient.claims(token);
        assertThat(claims.path("acr").asText()).isEqualTo("2");
        assertThat(claims.path("amr").toString()).contains("otp");
        Path plain = plaintext(3 * 1024 * 1024 + 17);
        Path file = encrypt(stack, plain, keyType);
        for (KeyAlgorithm clientKey : KeyAlgorithm.values()) {
            Path out = dir.resolve("out-" + keyType + "-" + clientKey);
            SecurityLabel label = new ZtdfClient(new KasClient(java.time.Duration.ofSeconds(30), clientKey))
                    .decrypt(file, out, token, done -> { });
            assertThat(label.displayMarking()).isEqualTo("SECRET//REL USA, GBR");
            assertThat(Files.mismatch(plain, out)).as("byte-identical").isEqualTo(-1L);
        }
    }

    @Test
    void aSplitKeyNeedsEveryKasWhileAlternativesNeedOne(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String broker = kasUrl(stack);
        try (AutoCloseable restore = keycloak.realmAttributesRestoredOnClose("dive-ita")) {
            // The Italian realm's KAS serves keys but does not trust the broker's tokens (no dive.kas.trustedIssuers).
            keycloak.setRealmAttribute("dive-ita", KasRealmSettings.ENABLED, "true");
            String italy = stack.keycloakUrl() + "/realms/dive-ita/kas";
            String token = token(stack, "usa", "usa-secret");
            Path plain = plaintext(70_000);
            ZtdfClient client = new ZtdfClient(new KasClient());

            Path either = dir.resolve("either.ztdf");
            client.encrypt(plain, either, secretRelUsaGbr(), List.of(italy, broker), KeyAlgorithm.RSA_2048, false, done -> { });
            client.decrypt(either, dir.resolve("either.out"), token, done -> { });
            assertThat(Files.mismatch(plain, dir.resolve("either.out"))).isEqualTo(-1L);

            Path both = dir.resolve("both.ztdf");
            client.encrypt(plain, both, secretRelUsaGbr(), List.of(italy, broker), KeyAlgorithm.EC_P256, true, done -> { });
            try (ZtdfReader reader = ZtdfReader.open(both)) {
                assertThat(reader.keyAccessBySplit()).hasSize(2);
            }
            assertThatThrownBy(() -> client.decrypt(both, dir.resolve("both.out"), token, done -> { }))
                    .isInstanceOfSatisfying(KasClientException.class, e -> assertThat(e.getMessage()).contains("dive-ita"));
            assertThat(dir.resolve("both.out")).doesNotExist();

            Path twoShares = dir.resolve("two-shares.ztdf");
            client.encrypt(plain, twoShares, secretRelUsaGbr(), List.of(broker, broker), KeyAlgorithm.RSA_2048, true, done -> { });
            client.decrypt(twoShares, dir.resolve("two-shares.out"), token, done -> { });
            assertThat(Files.mismatch(plain, dir.resolve("two-shares.out"))).isEqualTo(-1L);
        }
    }

    @Test
    void realmsWithoutTheKasEnabledReleaseNothing(DiveStack stack, KeycloakClient keycloak) throws Exception {
        KeycloakClient.Response master = keycloak.get(stack.keycloakUrl() + "/realms/master/kas/v2/kas_public_key");
        assertThat(master.status()).isEqualTo(404);
        assertThat(master.json().path("error").asText()).isEqualTo("kas_not_enabled");
        assertThat(master.json().path("error_description").asText()).contains("dive.kas.enabled=true");
        Sample sample = sample(stack);
        KasClientException e = refusal(stack.keycloakUrl() + "/realms/master/kas", keycloak.adminToken(), sample.policy(),
                sample.kao());
        assertThat(e.getMessage()).contains("not enabled");
    }

    static KasClientException refusal(String kasUrl, String token, String policy, KeyAccessObject kao) {
        try {
            new KasClient().rewrap(kasUrl, token, policy, kao);
        } catch (KasClientException e) {
            return e;
        }
        throw new AssertionError("the KAS released a key");
    }

    @Test
    void aPasswordGrantTokenOpensAnUnclassifiedFile(DiveStack stack, KeycloakClient keycloak) throws Exception {
        Path plain = plaintext(5000);
        Path file = dir.resolve("unclassified.ztdf");
        new ZtdfClient(new KasClient()).encrypt(plain, file, new SecurityLabel("UNCLASSIFIED", List.of("USA"), List.of(),
                List.of(), "USA", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()),
                List.of(kasUrl(stack)), KeyAlgorithm.RSA_2048, done -> { });
        String token = keycloak.passwordGrant(BROKER, "dive-demo", "dive-demo", PASSWORD).json().path("access_token").asText();
        Path out = dir.resolve("unclassified.out");
        new ZtdfClient(new KasClient()).decrypt(file, out, token, done -> { });
        assertThat(Files.mismatch(plain, out)).isEqualTo(-1L);
    }

    @Test
    void aFraSecretUserIsDeniedWithOpasReasonCodes(DiveStack stack) throws Exception {
        Path file = encrypt(stack, plaintext(1000), KeyAlgorithm.RSA_2048);
        String token = token(stack, "fra", "fra-secret");
        assertThat(KeycloakClient.claims(token).path("clearance").asText()).isEqualTo("SECRET");
        deniedFor(file, token, dir.resolve("fra.out"), "NOT_RELEASABLE");
    }

    @Test
    void aUsaConfidentialUserIsDeniedWithOpasReasonCodes(DiveStack stack) throws Exception {
        Path file = encrypt(stack, plaintext(1000), KeyAlgorithm.EC_P256);
        String token = token(stack, "usa", "usa-confidential");
        deniedFor(file, token, dir.resolve("conf.out"), "INSUFFICIENT_CLEARANCE");
    }

    /** Decrypting {@code file} with {@code token} is denied with OPA's {@code reason} alone, and writes nothing to {@code out}. */
    private static void deniedFor(Path file, String token, Path out, String reason) {
        assertThatThrownBy(() -> new ZtdfClient(new KasClient()).decrypt(file, out, token, done -> { }))
                .isInstanceOfSatisfying(KasClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KasClientException.Kind.DENIED);
                    assertThat(e.reasons()).containsExactly(reason);
                });
        assertThat(out).doesNotExist();
    }

    // ---------------------------------------------------------------------------------------
    // Tamper matrix (must show 2): every case is refused and no plaintext appears.
    // ---------------------------------------------------------------------------------------

    /** A file, its manifest and its first key access object, for tampering. */
    record Sample(Path file, KeyAccessObject kao, String policy) {
        /** The file as written, read back. */
        static Sample of(Path file) throws Exception {
            try (ZtdfReader reader = ZtdfReader.open(file)) {
                return new Sample(file, reader.keyAccessObjects().get(0), reader.policy());
            }
        }
    }

    private Sample sample(DiveStack stack) throws Exception {
        return Sample.of(encrypt(stack, plaintext(2 * 1024 * 1024 + 5), KeyAlgorithm.RSA_2048));
    }

    private static KasClientException refusal(DiveStack stack, String token, String policy, KeyAccessObject kao) {
        return refusal(kasUrl(stack), token, policy, kao);
    }

    @Test
    void theUntamperedSampleIsReleased(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        byte[] key = new KasClient().rewrap(kasUrl(stack), token(stack, "usa", "usa-secret"), sample.policy(), sample.kao());
        assertThat(key).hasSize(32);
    }

    @Test
    void aChangedPolicyIsRefusedAsABadRequest(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        String policy = new String(Base64.getDecoder().decode(sample.policy()), StandardCharsets.UTF_8)
                .replace("releasableTo/value/GBR", "releasableTo/value/FRA");
        KasClientException e = refusal(stack, token(stack, "usa", "usa-secret"),
                Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8)), sample.kao());
        assertThat(e.kind()).isEqualTo(KasClientException.Kind.REJECTED);
        assertThat(e.getMessage()).contains("bad request");
    }

    @Test
    void aChangedPolicyBindingIsRefusedAsABadRequest(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        String forged = Base64.getEncoder().encodeToString("ab".repeat(32).getBytes(StandardCharsets.US_ASCII));
        KasClientException e = refusal(stack, token(stack, "usa", "usa-secret"), sample.policy(), sample.kao().withPolicyBinding(new PolicyBinding(PolicyBinding.HS256, forged)));
        assertThat(e.getMessage()).contains("bad request");
    }

    @Test
    void aChangedKidIsRefused(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        KasClientException e = refusal(stack, token(stack, "usa", "usa-secret"), sample.policy(), sample.kao().withKid("rsa-0000000000000000"));
        assertThat(e.getMessage()).contains("unknown key id");
    }

    @Test
    void aChangedUrlIsRefused(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        KasClientException e = refusal(stack, token(stack, "usa", "usa-secret"), sample.policy(),
                sample.kao().withUrl(stack.keycloakUrl() + "/realms/dive-usa/kas"));
        assertThat(e.getMessage()).contains("another KAS");
    }

    @Test
    void aFileNamingAForeignKasNeverReceivesTheToken(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        com.sun.net.httpserver.HttpServer collector = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("localhost", 0), 0);
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        collector.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        collector.start();
        try {
            // "localhost" is another origin than the issuer's 127.0.0.1, as any attacker's host would be.
            String foreign = "http://localhost:" + collector.getAddress().getPort() + "/realms/dive-broker/kas";
            Path crafted = ZtdfTampering.rewriteKeyAccessObject(sample.file(), dir.resolve("crafted.ztdf"), 0,
                    kao -> kao.withUrl(foreign));
            assertThatThrownBy(() -> new ZtdfClient(new KasClient()).decrypt(crafted, dir.resolve("crafted.out"),
                    token(stack, "usa", "usa-secret"), done -> { }))
                    .isInstanceOfSatisfying(KasClientException.class, e -> assertThat(e.getMessage()).contains("token was not sent"));
            assertThat(received.get()).isZero();
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void aChangedLabelFieldIsCaughtBeforeAnyKasIsAsked(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        Path tampered = ZtdfTampering.rewriteManifest(sample.file(), dir.resolve("label.ztdf"), manifest -> {
            ObjectNode statement = (ObjectNode) manifest.path("assertions").get(0).path("statement");
            statement.put("value", statement.path("value").asText().replace("\"SECRET\"", "\"CONFIDENTIAL\""));
        });
        assertRefusedLocally(stack, tampered, ZtdfException.Reason.LABEL_BINDING);
    }

    @Test
    void aFlippedPayloadByteIsRejectedAndNothingIsWritten(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        Path tampered = ZtdfTampering.rewritePayload(sample.file(), dir.resolve("flip.ztdf"), payload -> payload[1_500_000] ^= 1);
        assertRefusedLocally(stack, tampered, ZtdfException.Reason.SEGMENT_INTEGRITY);
    }

    @Test
    void aDroppedSegmentIsRejected(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        Path tampered = ZtdfTampering.dropFirstSegment(sample.file(), dir.resolve("drop.ztdf"));
        assertRefusedLocally(stack, tampered, ZtdfException.Reason.ROOT_SIGNATURE);
    }

    @Test
    void reorderedSegmentsAreRejected(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        Path tampered = ZtdfTampering.swapFirstTwoSegments(sample.file(), dir.resolve("swap.ztdf"));
        assertRefusedLocally(stack, tampered, ZtdfException.Reason.SEGMENT_INTEGRITY);
    }

    @Test
    void aChangedRootSignatureIsRejected(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        Path tampered = ZtdfTampering.rewriteManifest(sample.file(), dir.resolve("root.ztdf"), manifest ->
                ((ObjectNode) manifest.path("encryptionInformation").path("integrityInformation").path("rootSignature"))
                        .put("sig", Base64.getEncoder().encodeToString(new byte[32])));
        assertRefusedLocally(stack, tampered, ZtdfException.Reason.ROOT_SIGNATURE);
    }

    private void assertRefusedLocally(DiveStack stack, Path tampered, ZtdfException.Reason reason) {
        Path out = dir.resolve(tampered.getFileName() + ".out");
        assertThatThrownBy(() -> new ZtdfClient(new KasClient()).decrypt(tampered, out, token(stack, "usa", "usa-secret"),
                done -> { })).isInstanceOfSatisfying(ZtdfException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".part"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anExpiredTokenGetsNoKey(DiveStack stack, KeycloakClient keycloak) throws Exception {
        Sample sample = sample(stack);
        JsonNode client = keycloak.admin("/realms/" + BROKER + "/clients?clientId=dive-bench-plain").json().get(0);
        String path = "/realms/" + BROKER + "/clients/" + client.path("id").asText();
        ObjectNode shortLived = client.deepCopy();
        shortLived.with("attributes").put("access.token.lifespan", "1");
        assertThat(keycloak.adminPut(path, shortLived).status()).isEqualTo(204);
        String token;
        try {
            token = keycloak.passwordGrant(BROKER, "dive-bench-plain", "dive-demo", PASSWORD).json().path("access_token").asText();
        } finally {
            keycloak.adminPut(path, client);
        }
        Thread.sleep(2_100);
        KasClientException e = refusal(stack, token, sample.policy(), sample.kao());
        assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAUTHENTICATED);
        // Expiry is checked before the audience (the benchmark client is no DIVE client).
        assertThat(e.getMessage()).contains("invalid or expired bearer token");
    }

    @Test
    void aTokenFromAnIssuerNotAllowListedGetsNoKey(DiveStack stack, KeycloakClient keycloak) throws Exception {
        Sample sample = sample(stack);
        KasClientException e = refusal(stack, keycloak.adminToken(), sample.policy(), sample.kao());
        assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAUTHENTICATED);
        assertThat(e.getMessage()).contains("not trusted");
    }

    @Test
    void aRealmCanRequireTokensMeantForItsApplications(DiveStack stack, KeycloakClient keycloak) throws Exception {
        Sample sample = sample(stack);
        String token = token(stack, "usa", "usa-secret"); // issued to client dive-demo
        try (AutoCloseable restore = keycloak.realmAttributesRestoredOnClose(BROKER)) {
            keycloak.setRealmAttribute(BROKER, KasRealmSettings.AUDIENCE, "dive-other-app");
            KasClientException e = refusal(stack, token, sample.policy(), sample.kao());
            assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAUTHENTICATED);
            keycloak.setRealmAttribute(BROKER, KasRealmSettings.AUDIENCE, "dive-demo");
            assertThat(new KasClient().rewrap(kasUrl(stack), token, sample.policy(), sample.kao())).hasSize(32);
        }
    }

    @Test
    void aSignedRequestTokenSignedByAnotherKeyThanItNamesIsRefused(DiveStack stack) throws Exception {
        Sample sample = sample(stack);
        KeyPair named = KeyWrapping.newEcKeyPair();
        KeyPair signer = KeyWrapping.newEcKeyPair();
        HttpResponse<String> response = rawRewrap(stack, token(stack, "usa", "usa-secret"),
                RewrapRequest.of(Pem.publicKey(named.getPublic()), KeyAlgorithm.EC_P256, sample.policy(), List.of(sample.kao())),
                signer);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_request");
        assertThat(JSON.readTree(response.body()).path("error_description").asText()).isEqualTo("invalid signed request token");
        assertThat(response.body()).doesNotContain("kasWrappedKey");
    }

    @Test
    void malformedRewrapRequestsGetAClearErrorNotA500(DiveStack stack) throws Exception {
        String token = token(stack, "usa", "usa-secret");
        for (String body : List.of("", "not json", "{}", "{\"signedRequestToken\":\"a.b.c\"}", "[1,2]")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(kasUrl(stack) + "/v2/rewrap")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body).isIn(400, 401);
            assertThat(JSON.readTree(response.body()).path("error").asText()).as(body).isIn("invalid_request", "invalid_token");
            assertThat(JSON.readTree(response.body()).path("error_description").asText()).as(body).isNotBlank();
        }
        HttpResponse<String> noToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(kasUrl(stack) + "/v2/rewrap")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------------------------------
    // OPA stopped (must show 4).
    // ---------------------------------------------------------------------------------------

    @Test
    void withTheOpaSidecarStoppedEveryKeyAccessObjectFails(DiveStack stack) throws Exception {
        Path file = encrypt(stack, plaintext(4096), KeyAlgorithm.RSA_2048, kasUrl(stack), kasUrl(stack));
        String token = token(stack, "usa", "usa-secret");
        KeyPair client = KeyWrapping.newEcKeyPair();
        RewrapRequest request;
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            assertThat(reader.keyAccessObjects()).hasSize(2);
            request = RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.EC_P256, reader.policy(),
                    reader.keyAccessObjects());
        }
        stack.stop("opa");
        try {
            HttpResponse<String> response = rawRewrap(stack, token, request, client);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("kasWrappedKey");
            List<RewrapResponse.KeyAccessResult> results = OpenTdfJson.readRewrapResponse(response.body()).responses().get(0)
                    .results();
            assertThat(results).hasSize(2);
            results.forEach(result -> {
                assertThat(result.status()).isEqualTo(RewrapResponse.Status.FAIL);
                assertThat(result.kasWrappedKey()).isNull();
                assertThat(result.metadata().failure()).isEqualTo("POLICY_UNAVAILABLE");
            });
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(kasUrl(stack) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).path("opa").path("status").asText()).isEqualTo("DOWN");
        } finally {
            stack.startMissing();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Public key and health.
    // ---------------------------------------------------------------------------------------

    @Test
    void publicKeysAreServedWithoutATokenAsPemOrJwk(DiveStack stack, KeycloakClient keycloak) throws Exception {
        JsonNode rsa = keycloak.get(kasUrl(stack) + "/v2/kas_public_key").json();
        assertThat(Pem.parsePublicKey(rsa.path("publicKey").asText()).getAlgorithm()).isEqualTo("RSA");
        assertThat(rsa.path("kid").asText()).startsWith("rsa-");
        assertThat(rsa.path("wrapAlgorithm").asText()).isEqualTo("RSA-OAEP");
        JsonNode ec = keycloak.get(kasUrl(stack) + "/v2/kas_public_key?algorithm=ec:secp256r1&fmt=jwk").json();
        assertThat(ec.path("publicKey").path("kty").asText()).isEqualTo("EC");
        assertThat(ec.path("publicKey").path("crv").asText()).isEqualTo("P-256");
        assertThat(ec.path("kid").asText()).startsWith("ec-").isEqualTo(ec.path("publicKey").path("kid").asText());
        KeycloakClient.Response unknown = keycloak.get(kasUrl(stack) + "/v2/kas_public_key?algorithm=dsa:1024");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("not_found");
        assertThat(unknown.json().path("error_description").asText()).contains("unknown algorithm");
        JsonNode health = keycloak.get(kasUrl(stack) + "/health").json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("keyProvider").path("provider").asText()).isEqualTo("software");
        assertThat(health.path("opa").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("redis").path("status").asText()).isEqualTo("UP");
        assertThat(KasRealmSettings.KEY_PROVIDER).isEqualTo("dive.kas.keyProvider");
    }

    // ---------------------------------------------------------------------------------------

    /** Posts {@code request} signed by {@code signer} (which may differ from the key the request names). */
    static HttpResponse<String> rawRewrap(DiveStack stack, String token, RewrapRequest request, KeyPair signer) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kasUrl(stack) + "/v2/rewrap"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SignedRequestToken.sign(request, signer.getPrivate(), Instant.now())))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
