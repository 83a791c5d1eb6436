package io.dive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWriterTest {

    private final MongoServerExtension mongo = new MongoServerExtension();
    private final AtomicBoolean down = new AtomicBoolean();
    /** MongoDB with a switch: while {@code down}, every write fails as an unreachable server would. */
    private final AuditSink switchable = new AuditSink() {
        private final MongoSink sink = new MongoSink(mongo.database(), () -> { });

        @Override
        public String name() {
            return sink.name();
        }

        @Override
        public void write(List<AuditEncoding.Entry> batch) throws AuditSinkUnavailable {
            if (down.get()) {
                throw new AuditSinkUnavailable("down", null);
            }
            sink.write(batch);
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void recordsReachMongoWithTheirIdAndADateTimestamp() throws Exception {
        KeyRelease release = Records.keyRelease("alice", KeyRelease.PERMIT, "SECRET", Instant.parse("2026-12-01T10:00:00Z"));
        try (AuditWriter writer = writer(100)) {
            assertThat(writer.offer(release)).isTrue();
            assertThat(writer.offer(Records.authentication("CODE_ACCEPTED"))).isTrue();
        }
        BsonDocument stored = mongo.database().getCollection("key_releases", BsonDocument.class).find().first();
        assertThat(stored.getString("_id").getValue()).isEqualTo(release.id());
        assertThat(stored.get("timestamp").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(stored.getDateTime("timestamp").getValue()).isEqualTo(release.timestamp().toEpochMilli());
        assertThat(stored.getInt64("latencyMillis").getValue()).isEqualTo(4);
        assertThat(stored.containsKey("failure")).as("null components are left out").isFalse();
        assertThat(AuditEncoding.decode(KeyRelease.class, stored)).isEqualTo(release);
        assertThat(mongo.database().getCollection("authentications").countDocuments()).isEqualTo(1);
    }

    @Test
    void anOutageSpillsToTheJournalAndReplaysInOrderExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        try (AuditWriter writer = writer(1_000)) {
            down.set(true);
            for (int i = 0; i < 300; i++) {
                KeyRelease release = Records.keyRelease("u" + i, KeyRelease.PERMIT, "SECRET", Instant.now());
                ids.add(release.id());
                writer.offer(release);
                if (i == 0) {
                    await(() -> "DEGRADED".equals(writer.health().status())); // the writer has seen the outage
                }
            }
            await(() -> writer.health().spilled() == 300);
            assertThat(writer.health().status()).isEqualTo("DEGRADED");
            assertThat(count()).isZero();
            down.set(false);
            await(() -> writer.health().journalPendingBytes() == 0);
            assertThat(writer.health().replayed()).isEqualTo(300);
            assertThat(writer.health().status()).isEqualTo("UP");
        }
        List<String> stored = new ArrayList<>();
        mongo.database().getCollection("key_releases", BsonDocument.class).find()
                .forEach(document -> stored.add(document.getString("_id").getValue()));
        assertThat(stored).containsExactlyElementsOf(ids);
        assertThat(segments()).as("stored segments are deleted, the current one kept").hasSize(1);
    }

    @Test
    void everyRecordIsJournaledBeforeOfferReturnsAndTheJournalRollsIntoSegmentsThatAreDeletedOnceStored() throws Exception {
        down.set(true);
        try (AuditWriter writer = writer(100_000)) {
            for (int i = 0; i < 20; i++) {
                writer.offer(Records.keyRelease("u" + i, KeyRelease.PERMIT, "SECRET", Instant.now()));
                // The line is in the OS before offer returns: no queue in memory holds it.
                assertThat(String.join("", journalLines())).contains("\"u" + i + "\"");
            }
            assertThat(writer.health().queueDepth()).isEqualTo(20);
            assertThat(writer.health().status()).isEqualTo("DEGRADED");
        }
        try (Journal journal = new Journal(dir.resolve("journal"), JournalFsync.NONE, 4_000)) {
            for (int i = 0; i < 40; i++) {
                journal.append(line(Records.authentication("CODE_ACCEPTED")));
            }
            assertThat(journal.pendingRecords()).isEqualTo(60);
        }
        assertThat(segments().size()).as("rolled at 4,000 bytes").isGreaterThan(3);
        down.set(false);
        try (AuditWriter writer = writer(100_000)) {
            await(() -> writer.health().queueDepth() == 0);
            assertThat(writer.health().replayed()).isEqualTo(60);
        }
        assertThat(count() + mongo.database().getCollection("authentications").countDocuments()).isEqualTo(60);
        assertThat(segments()).hasSize(1);
    }

    private static byte[] line(AuditRecord record) {
        return (AuditEncoding.journalLine(AuditEncoding.encode(record)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void closingWhileTheStoreIsDownKeepsTheRecordsForTheNextStartWhichStoresEachOnce() throws Exception {
        down.set(true);
        try (AuditWriter writer = writer(1_000)) {
            for (int i = 0; i < 50; i++) {
                writer.offer(Records.keyRelease("u" + i, KeyRelease.DENY, "SECRET", Instant.now()));
            }
        }
        assertThat(journalLines()).hasSize(50);
        // A previous run stored the journal already but died before it committed: replay must skip those.
        Path copy = dir.resolve("journal-copy");
        copyTree(dir.resolve("journal"), copy);
        down.set(false);
        try (AuditWriter writer = writer(1_000)) {
            await(() -> writer.health().replayed() == 50);
        }
        deleteTree(dir.resolve("journal"));
        Files.move(copy, dir.resolve("journal"));
        try (AuditWriter writer = writer(1_000)) {
            await(() -> writer.health().replayed() == 50);
        }
        assertThat(count()).isEqualTo(50);
    }

    @Test
    void aLineTornByACrashIsCutAndTheRecordsAfterItAreKept() throws Exception {
        down.set(true);
        try (AuditWriter writer = writer(100)) {
            writer.offer(Records.authentication("CODE_ACCEPTED"));
        }
        Files.writeString(segments().get(0), "{\"c\": \"authentications\", \"d\": {\"_id\"",
                java.nio.file.StandardOpenOption.APPEND);
        try (AuditWriter writer = writer(100)) {
            writer.offer(Records.authentication("CODE_REFUSED"));
            down.set(false);
            await(() -> writer.health().replayed() == 2);
        }
        assertThat(mongo.database().getCollection("authentications").countDocuments()).isEqualTo(2);
    }

    @Test
    void aFullQueueAndAFailingJournalAreCountedAndTheCallerNotBlocked() throws Exception {
        down.set(true);
        try (AuditWriter writer = writer(10)) {
            int refused = 0;
            for (int i = 0; i < 1_000; i++) {
                refused += writer.offer(Records.authentication("CODE_REFUSED")) ? 0 : 1;
            }
            assertThat(refused).isEqualTo(990);
            assertThat(writer.health().queueFull()).isEqualTo(refused);
            assertThat(writer.health().status()).isEqualTo("DOWN");
        }
        // The journal's segment on /dev/full: every append fails (no space left on device).
        Path full = dir.resolve("full");
        Files.createDirectories(full);
        Files.createSymbolicLink(full.resolve("journal-000000000000.jsonl"), Path.of("/dev/full"));
        try (AuditWriter writer = new AuditWriter(switchable, full, 10, 1, Duration.ofSeconds(60), JournalFsync.NONE,
                Duration.ofSeconds(1))) {
            assertThat(writer.offer(Records.authentication("CODE_REFUSED"))).isFalse();
            assertThat(writer.health().journalFailures()).isEqualTo(1);
            assertThat(writer.health().status()).isEqualTo("DOWN");
        }
    }

    @Test
    void aLingerStoresRecordsThatArriveCloseTogetherInOneRoundTrip() throws Exception {
        List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        AuditSink counting = new AuditSink() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void write(List<AuditEncoding.Entry> batch) throws AuditSinkUnavailable {
                batches.add(batch.size());
                switchable.write(batch);
            }

            @Override
            public void close() {
            }
        };
        try (AuditWriter writer = new AuditWriter(counting, dir.resolve("journal"), 1_000, 64, Duration.ofMillis(50),
                JournalFsync.INTERVAL, Duration.ofMillis(100), Duration.ofMillis(500))) {
            writer.offer(Records.keyRelease("first", KeyRelease.PERMIT, "SECRET", Instant.now()));
            Thread.sleep(100); // the writer has woken for the first record and waits for more
            for (int i = 0; i < 9; i++) {
                writer.offer(Records.keyRelease("u" + i, KeyRelease.PERMIT, "SECRET", Instant.now()));
            }
            await(() -> count() == 10);
            assertThat(batches).as("one round trip for the ten records").containsExactly(10);
            writer.offer(Records.keyRelease("last", KeyRelease.PERMIT, "SECRET", Instant.now()));
        }
        assertThat(count()).as("closing stores what lingers, without waiting").isEqualTo(11);
    }

    private long count() {
        return mongo.database().getCollection("key_releases").countDocuments();
    }

    private AuditWriter writer(int queueSize) throws Exception {
        return new AuditWriter(switchable, dir.resolve("journal"), queueSize, 64, Duration.ofMillis(50), JournalFsync.INTERVAL,
                Duration.ofMillis(100));
    }

    private List<Path> segments() throws Exception {
        try (var files = Files.list(dir.resolve("journal"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("journal-")).sorted().toList();
        }
    }

    private List<String> journalLines() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Path segment : segments()) {
            lines.addAll(Files.readAllLines(segment));
        }
        return lines;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
