package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's must-show 4: the audit trail loses nothing and duplicates nothing when FerretDB is
 * stopped during 1,000 rewraps, nor when Keycloak is killed (kill -9) with the records journaled.
 */
@ExtendWith(DiveStackExtension.class)
class AuditResilienceIT {

    private static final String BROKER = "dive-broker";

    @TempDir
    Path dir;

    @Test
    void ferretDbStoppedDuringAThousandRewrapsLosesAndDuplicatesNothing(DiveStack stack, KeycloakClient keycloak)
            throws Exception {
        Login login = login(stack);
        whileFerretDbIsDown(stack, () -> rewraps(stack, login, 1_000));
        assertStoredOnce(stack, login.sid(), 1_000);
        JsonNode health = keycloak.get(stack.keycloakUrl() + "/realms/" + BROKER + "/dive-audit/health").json();
        assertThat(health.path("spilled").asLong()).as("the records went through the journal").isGreaterThan(0);
        assertThat(health.path("journalPendingBytes").asLong()).isZero();
        assertThat(health.path("queueFull").asLong()).isZero();
    }

    @Test
    void keycloakKilledWithRecordsJournaledLosesAndDuplicatesNothing(DiveStack stack, KeycloakClient keycloak)
            throws Exception {
        Login login = login(stack);
        whileFerretDbIsDown(stack, () -> {
            rewraps(stack, login, 200);
            // Every record has left the queue for the journal (fsync'd): now the process dies.
            String healthUrl = stack.keycloakUrl() + "/realms/" + BROKER + "/dive-audit/health";
            await(() -> {
                JsonNode health = keycloak.get(healthUrl).json();
                return health.path("queueDepth").asLong() == 0 && health.path("journalPendingBytes").asLong() > 0;
            });
            long pid = Long.parseLong(Files.readString(stack.stateDir().resolve("run/keycloak.pid")).strip());
            new ProcessBuilder("kill", "-9", "--", "-" + pid).inheritIO().start().waitFor();
            await(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        });
        assertStoredOnce(stack, login.sid(), 200);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Stops FerretDB, runs the step, then starts what is missing (FerretDB, and Keycloak if it was killed). */
    private static void whileFerretDbIsDown(DiveStack stack, Step step) throws Exception {
        stack.stop("ferretdb");
        try {
            step.run();
        } finally {
            stack.startMissing();
        }
    }

    private record Login(String token, String sid, RewrapRequest request, KeyPair signer) {
    }

    private Login login(DiveStack stack) throws Exception {
        String token = new BrowserSession(stack).loginThroughBroker(BROKER, "dive-demo", "usa", "usa-secret",
                "dive-demo-password").path("access_token").asText();
        Path plain = dir.resolve("plain-" + System.nanoTime());
        Files.writeString(plain, "audit resilience");
        Path file = dir.resolve(plain.getFileName() + ".ztdf");
        new ZtdfClient(new KasClient()).encrypt(plain, file, KasIT.secretRelUsaGbr(), List.of(KasIT.kasUrl(stack)),
                KeyAlgorithm.RSA_2048, done -> { });
        KasIT.Sample sample = KasIT.Sample.of(file);
        KeyPair signer = KeyWrapping.newEcKeyPair();
        return new Login(token, KeycloakClient.claims(token).path("sid").asText(), RewrapRequest.of(Pem.publicKey(signer.getPublic()),
                KeyAlgorithm.EC_P256, sample.policy(), List.of(sample.kao())), signer);
    }

    /** Every rewrap is answered (a permit) while the store is down. */
    private static void rewraps(DiveStack stack, Login login, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(KasIT.rawRewrap(stack, login.token(), login.request(), login.signer()).statusCode()).isEqualTo(200);
        }
    }

    private static void assertStoredOnce(DiveStack stack, String sid, int expected) throws Exception {
        try (MongoClient mongo = MongoClients.create(stack.ferretdbUrl())) {
            MongoCollection<BsonDocument> releases = mongo.getDatabase("dive_audit").getCollection("key_releases", BsonDocument.class);
            await(() -> releases.countDocuments(Filters.eq("correlationId", sid)) >= expected);
            Thread.sleep(3_000); // a replay still running would add duplicates now
            Set<String> requestIds = new HashSet<>();
            releases.find(Filters.eq("correlationId", sid)).forEach(d -> requestIds.add(d.getString("requestId").getValue()));
            assertThat(releases.countDocuments(Filters.eq("correlationId", sid))).isEqualTo(expected);
            assertThat(requestIds).as("one record per rewrap request").hasSize(expected);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("not reached within 3 minutes").isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
