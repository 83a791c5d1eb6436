package io.dive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while records it accepted are not yet stored loses none of them:
 * a child JVM journals records as fast as it can into MongoDB (mongo-java-server over TCP here),
 * printing the number of each one {@link AuditWriter#offer} accepted; it is killed mid-stream, a
 * new writer opens the same journal, and every accepted record is stored exactly once.
 */
class AuditWriterKillTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordAcceptedBeforeAKillMinusNineIsStoredOnceAfterTheRestart() throws Exception {
        try (MongoServerExtension mongo = new MongoServerExtension()) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Child.class.getName(), dir.toString(), mongo.connectionString)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int accepted = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && accepted < 3_000) {
                    accepted = Integer.parseInt(line.trim());
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
                child.waitFor();
            }
            assertThat(accepted).as("the child accepted records").isGreaterThanOrEqualTo(3_000);
            long storedBeforeRestart = mongo.database().getCollection("key_releases").countDocuments();
            assertThat(storedBeforeRestart).as("accepted records were still only in the journal at the kill").isLessThan(accepted);
            System.out.printf("accepted %d, stored before the restart %d%n", accepted + 1, storedBeforeRestart);

            try (AuditWriter writer = new AuditWriter(new MongoSink(mongo.database(), () -> { }), dir, 1_000_000, 200,
                    Duration.ofMillis(50), JournalFsync.NONE, Duration.ofSeconds(1))) {
                AuditWriterTest.await(() -> writer.health().queueDepth() == 0);
                assertThat(writer.health().replayed()).isPositive();
            }
            Set<String> ids = new HashSet<>();
            List<BsonDocument> stored = mongo.database().getCollection("key_releases", BsonDocument.class).find()
                    .into(new java.util.ArrayList<>());
            stored.forEach(document -> ids.add(document.getString("_id").getValue()));
            assertThat(ids).as("none duplicated").hasSize(stored.size());
            for (int i = 0; i <= accepted; i++) {
                assertThat(ids).as("none lost").contains("kill-" + i);
            }
        }
    }

    /** The process that is killed: journals records until it dies, printing each accepted number. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            MongoServerClient client = new MongoServerClient(args[1]);
            AuditWriter writer = new AuditWriter(new MongoSink(client.database(), () -> { }), Path.of(args[0]), 1_000_000, 64,
                    Duration.ofMillis(50), JournalFsync.NONE, Duration.ofSeconds(1));
            for (int i = 0; ; i++) {
                KeyRelease release = Records.keyRelease("kill", KeyRelease.PERMIT, "SECRET", Instant.now());
                KeyRelease named = new KeyRelease("kill-" + i, release.timestamp(), release.realm(), release.correlationId(),
                        release.requestId(), release.kasUrl(), release.kid(), release.keyProvider(), release.policyId(),
                        release.resource(), release.policyHash(), release.classification(), release.releasableTo(),
                        release.coi(), release.caveats(), release.releasableToIndustry(), release.embargoUntil(), release.subject(), release.country(), release.clearance(),
                        release.acr(), release.amr(), release.issuer(), release.outcome(), release.failure(),
                        release.reasons(), release.decisionId(), release.clientAddress(), release.latencyMillis());
                if (writer.offer(named)) {
                    System.out.println(i);
                }
            }
        }
    }

    /** A client of the parent's server. */
    private record MongoServerClient(String connectionString) {
        com.mongodb.client.MongoDatabase database() {
            return com.mongodb.client.MongoClients.create(connectionString).getDatabase("dive_audit");
        }
    }
}
