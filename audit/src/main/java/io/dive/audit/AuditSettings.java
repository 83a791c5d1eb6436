package io.dive.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed settings of the audit trail, read from Keycloak's SPI options
 * ({@code --spi-dive-audit--default--<key>=...}). {@code sink} is {@code mongodb} (the default with a
 * {@code connectionString}), {@code file} (JSON lines, the default without one) or {@code none}
 * (audit off: nothing is recorded). Retention is per collection
 * ({@code retentionDaysKeyReleases}, ...; default {@code retentionDays}, 90). Bad values are
 * rejected at start with the key named.
 *
 * @param connectionString a MongoDB connection string; null without MongoDB
 * @param queueSize records the journal holds not yet stored before new ones are dropped (and counted)
 * @param journalDir where the journal (and by default the JSON-lines file) lives
 * @param journalFsyncInterval how often {@link JournalFsync#INTERVAL} forces the journal to disk
 * @param batchLinger how long the writer lets a chunk smaller than {@code batchSize} wait for more
 *     records before storing it (fewer, larger store round trips under load; zero: store at once)
 * @param sweepInterval how often the retention sweeper runs where the server has no TTL indexes
 */
public record AuditSettings(Sink sink, String connectionString, String database, Map<AuditCollection, Duration> retention,
        int batchSize, int queueSize, Path journalDir, JournalFsync journalFsync, Duration journalFsyncInterval, Path file,
        long fileMaxBytes, int fileKeep, Duration retryInterval, Duration sweepInterval, Duration connectTimeout, Duration batchLinger) {

    /** Where records go. */
    public enum Sink {
        MONGODB, FILE, NONE
    }

    public static final String SINK = "sink";
    public static final String CONNECTION_STRING = "connectionString";
    public static final String DATABASE = "database";
    public static final String RETENTION_DAYS = "retentionDays";
    public static final String BATCH_SIZE = "batchSize";
    public static final String QUEUE_SIZE = "queueSize";
    public static final String JOURNAL_DIR = "journalDir";
    public static final String JOURNAL_FSYNC = "journalFsync";
    public static final String JOURNAL_FSYNC_INTERVAL = "journalFsyncMillis";
    public static final String FILE = "file";
    public static final String FILE_MAX_BYTES = "fileMaxBytes";
    public static final String FILE_KEEP = "fileKeep";
    public static final String RETRY_INTERVAL = "retryIntervalMillis";
    public static final String SWEEP_INTERVAL = "sweepIntervalSeconds";
    public static final String CONNECT_TIMEOUT = "connectTimeoutMillis";
    public static final String BATCH_LINGER = "batchLingerMillis";

    public AuditSettings {
        retention = Map.copyOf(retention);
        positive(BATCH_SIZE, batchSize);
        positive(QUEUE_SIZE, queueSize);
        positive(FILE_KEEP, fileKeep);
        positive(FILE_MAX_BYTES, fileMaxBytes);
        positive(JOURNAL_FSYNC_INTERVAL, journalFsyncInterval.toMillis());
        if (batchLinger.isNegative() || batchLinger.toMillis() > 1_000) {
            throw new IllegalArgumentException(BATCH_LINGER + " must be 0 to 1000, not " + batchLinger.toMillis());
        }
        if (sink == Sink.MONGODB && connectionString == null) {
            throw new IllegalArgumentException(SINK + " mongodb needs a " + CONNECTION_STRING);
        }
        retention.forEach((collection, duration) -> positive(retentionKey(collection), duration.toSeconds()));
    }

    /** The settings from a key lookup (Keycloak's {@code Config.Scope::get}); {@code home} is the default journal folder. */
    public static AuditSettings from(Function<String, String> lookup, Path home) {
        String connection = blankToNull(lookup.apply(CONNECTION_STRING));
        long defaultDays = number(lookup, RETENTION_DAYS, 90);
        Map<AuditCollection, Duration> retention = new EnumMap<>(AuditCollection.class);
        for (AuditCollection collection : AuditCollection.values()) {
            retention.put(collection, Duration.ofDays(number(lookup, retentionKey(collection), defaultDays)));
        }
        Path journalDir = Path.of(orDefault(lookup.apply(JOURNAL_DIR), home.toString()));
        String sink = blankToNull(lookup.apply(SINK));
        return new AuditSettings(sink == null ? (connection == null ? Sink.FILE : Sink.MONGODB) : sink(sink), connection,
                orDefault(lookup.apply(DATABASE), "dive_audit"), retention,
                (int) number(lookup, BATCH_SIZE, 200), (int) number(lookup, QUEUE_SIZE, 1_000_000), journalDir,
                JournalFsync.parse(JOURNAL_FSYNC, orDefault(lookup.apply(JOURNAL_FSYNC), "interval")),
                Duration.ofMillis(number(lookup, JOURNAL_FSYNC_INTERVAL, 1_000)),
                Path.of(orDefault(lookup.apply(FILE), journalDir.resolve("audit.jsonl").toString())),
                number(lookup, FILE_MAX_BYTES, 64L << 20), (int) number(lookup, FILE_KEEP, 5),
                Duration.ofMillis(number(lookup, RETRY_INTERVAL, 2_000)), Duration.ofSeconds(number(lookup, SWEEP_INTERVAL, 3_600)),
                Duration.ofMillis(number(lookup, CONNECT_TIMEOUT, 2_000)), Duration.ofMillis(number(lookup, BATCH_LINGER, 10)));
    }

    /** {@code retentionDaysKeyReleases}, {@code retentionDaysDecisions}, {@code retentionDaysAuthentications}. */
    public static String retentionKey(AuditCollection collection) {
        StringBuilder key = new StringBuilder(RETENTION_DAYS);
        for (String part : collection.collectionName().split("_")) {
            key.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return key.toString();
    }

    /** The single journal file of earlier versions (records spilled while MongoDB was down); taken over at start. */
    public Path legacyJournalFile() {
        return journalDir.resolve("audit-journal.bson.jsonl");
    }

    /** For logs and health: the connection string without its credentials. */
    @Override
    public String toString() {
        String where = switch (sink) {
            case NONE -> "nowhere (audit off)";
            case FILE -> "file " + file;
            case MONGODB -> connectionString.replaceAll("//[^@/]*@", "//***@") + " db " + database;
        };
        return "audit to " + where + ", retention " + retention + ", batch " + batchSize + ", queue " + queueSize
                + ", linger " + batchLinger.toMillis() + " ms, journal " + journalDir + " (fsync "
                + journalFsync.name().toLowerCase(Locale.ROOT) + ")";
    }

    private static Sink sink(String value) {
        try {
            return Sink.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SINK + " must be mongodb, file or none, was '" + value + "'");
        }
    }

    private static long number(Function<String, String> lookup, String key, long fallback) {
        String value = blankToNull(lookup.apply(key));
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
        }
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    private static String orDefault(String value, String fallback) {
        return blankToNull(value) == null ? fallback : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
