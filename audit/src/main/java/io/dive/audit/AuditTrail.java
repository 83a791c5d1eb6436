package io.dive.audit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail of one process, from its settings: MongoDB (writer, indexes, retention sweeper,
 * the auditor's store), the JSON-lines file, or nothing ({@code sink none}: audit off). Index
 * creation is retried every minute while MongoDB is down at start; recording never waits for it.
 */
public final class AuditTrail implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());
    private static final int READ_TIMEOUT_SECONDS = 30;

    private final AuditSettings settings;
    private final AuditWriter writer;
    private final MongoClient client;
    private final MongoRetention retention;
    private final MongoAuditStore store;
    private final ScheduledExecutorService sweeper;
    private volatile boolean indexed;
    private long nextSweep = System.nanoTime();

    public AuditTrail(AuditSettings settings, Clock clock) {
        this.settings = settings;
        try {
            if (settings.sink() != AuditSettings.Sink.MONGODB) {
                client = null;
                retention = null;
                store = null;
                sweeper = null;
                writer = settings.sink() == AuditSettings.Sink.NONE ? null : writer(settings,
                        new JsonLinesSink(settings.file(), settings.fileMaxBytes(), settings.fileKeep()));
                return;
            }
            client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(settings.connectionString()))
                    .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS))
                    // A hung server (not a refused connection) must not stall the writer forever: the batch is retried.
                    .applyToSocketSettings(socket -> socket.connectTimeout((int) settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .applicationName("dive-audit")
                    .build());
            MongoDatabase database = client.getDatabase(settings.database());
            retention = new MongoRetention(database, settings.retention(), clock);
            store = new MongoAuditStore(database);
            writer = writer(settings, new MongoSink(database, client::close));
        } catch (IOException e) {
            throw new UncheckedIOException("DIVE audit journal " + settings.journalDir() + ": " + e.getMessage(), e);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dive-audit-retention");
            thread.setDaemon(true);
            return thread;
        });
        // Every minute: the indexes until they exist (MongoDB may be down at start), a sweep when one is due.
        sweeper.scheduleWithFixedDelay(this::maintain, 0, Math.min(60, settings.sweepInterval().toSeconds()), TimeUnit.SECONDS);
    }

    private static AuditWriter writer(AuditSettings settings, AuditSink sink) throws IOException {
        Journal.adopt(settings.legacyJournalFile(), settings.journalDir());
        return new AuditWriter(sink, settings.journalDir(), settings.queueSize(), settings.batchSize(),
                settings.retryInterval(), settings.journalFsync(), settings.journalFsyncInterval(), settings.batchLinger());
    }

    public AuditSettings settings() {
        return settings;
    }

    /** False with {@code sink none}: callers may skip building records at all. */
    public boolean enabled() {
        return writer != null;
    }

    /** Journals a record (one write to the OS); never waits for the store, never throws. */
    public boolean record(AuditRecord record) {
        return writer == null || writer.offer(record);
    }

    public AuditHealth health() {
        return writer == null ? AuditHealth.OFF : writer.health();
    }

    /** The auditor's store; empty for the JSON-lines file. */
    public Optional<MongoAuditStore> store() {
        return Optional.ofNullable(store);
    }

    /** The retention of MongoDB; empty for the JSON-lines file. */
    public Optional<MongoRetention> retention() {
        return Optional.ofNullable(retention);
    }

    private void maintain() {
        try {
            if (!indexed) {
                retention.createIndexes();
                indexed = true;
            }
            if (System.nanoTime() - nextSweep < 0) {
                return;
            }
            nextSweep = System.nanoTime() + settings.sweepInterval().toNanos();
            long deleted = retention.sweep(settings.sweepInterval().multipliedBy(2));
            if (deleted > 0) {
                LOG.log(System.Logger.Level.INFO, "DIVE audit retention: " + deleted + " expired records deleted");
            }
        } catch (MongoException e) {
            LOG.log(System.Logger.Level.WARNING, "DIVE audit retention: MongoDB unavailable, next try in a minute: "
                    + e.getMessage());
        }
    }

    /** Flushes the queue (to MongoDB, else the journal), stops the sweeper, closes the client. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (writer != null) {
            writer.close();
        }
    }
}
