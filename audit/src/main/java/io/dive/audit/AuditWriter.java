package io.dive.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The audit trail's only writer. The request path calls {@link #offer}: the record is encoded and
 * appended to the {@link Journal} (one {@code write()}; never waits for the store) — a full journal
 * ({@code capacity} records not yet stored) or a failing write drops the record and counts it. One
 * daemon thread reads the journal from its committed point in chunks of up to {@code batchSize},
 * hands each to the sink and commits past it; with a {@code batchLinger}, a chunk smaller than
 * {@code batchSize} waits that long for more records first (one store round trip for many records:
 * the records are in the journal already, so this delays their storing, not their safety). A chunk the sink cannot take is retried every
 * {@code retryInterval} (records keep arriving behind it, in order); so an outage and a kill need no
 * second mechanism: what a killed process left is read again when the next writer starts, and the
 * store skips ids it already holds.
 */
public final class AuditWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditWriter.class.getName());
    private static final long IDLE_NANOS = Duration.ofMillis(200).toNanos();

    private final AuditSink sink;
    private final Journal journal;
    private final long capacity;
    private final int batchSize;
    private final long retryNanos;
    private final long fsyncNanos;
    private final long lingerNanos;
    private final JournalFsync fsync;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong journalFailures = new AtomicLong();
    private volatile String lastError;
    private volatile boolean running = true;
    /** The writer thread is parked waiting for records: the next append wakes it. */
    private volatile boolean idle;
    /** The sink failed and has not taken a chunk since: records arriving now wait in the journal. */
    private volatile boolean sinkDown;
    /** Records stored now come from a backlog (an outage, or a previous process). */
    private boolean recovering;
    private long nextForce;

    /**
     * Opens the journal in {@code journalDir} and starts the writer thread, which first stores what a
     * previous process left there.
     *
     * @param fsyncInterval how often the writer forces the journal to disk with {@link JournalFsync#INTERVAL}
     */
    public AuditWriter(AuditSink sink, Path journalDir, long capacity, int batchSize, Duration retryInterval,
            JournalFsync fsync, Duration fsyncInterval) throws IOException {
        this(sink, journalDir, capacity, batchSize, retryInterval, fsync, fsyncInterval, Duration.ZERO);
    }

    /** @param batchLinger how long a chunk smaller than {@code batchSize} waits for more records (zero: none) */
    public AuditWriter(AuditSink sink, Path journalDir, long capacity, int batchSize, Duration retryInterval,
            JournalFsync fsync, Duration fsyncInterval, Duration batchLinger) throws IOException {
        this.sink = sink;
        this.lingerNanos = batchLinger.toNanos();
        this.journal = new Journal(journalDir, fsync);
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.retryNanos = retryInterval.toNanos();
        this.fsync = fsync;
        this.fsyncNanos = fsyncInterval.toNanos();
        this.recovering = journal.pendingRecords() > 0;
        this.thread = new Thread(this::run, "dive-audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Journals the record for writing; false (and counted) when the journal is full or unwritable, or the writer closed. */
    public boolean offer(AuditRecord record) {
        if (!running || journal.pendingRecords() >= capacity) {
            long dropped = queueFull.incrementAndGet();
            if (dropped == 1 || dropped % 1000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "DIVE audit journal full (" + capacity + " records not yet stored): "
                        + dropped + " records dropped so far");
            }
            return false;
        }
        boolean waiting = sinkDown;
        try {
            journal.append((AuditEncoding.journalLine(AuditEncoding.encode(record)) + '\n').getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            journalFailures.incrementAndGet();
            lastError = "journal " + journal.dir() + ": " + e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "DIVE audit: a record is lost, " + lastError);
            return false;
        }
        if (waiting) {
            spilled.incrementAndGet();
        }
        if (idle) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    public AuditHealth health() {
        return new AuditHealth(sink.name(), (int) Math.min(Integer.MAX_VALUE, journal.pendingRecords()),
                (int) Math.min(Integer.MAX_VALUE, capacity), written.get(), queueFull.get(), spilled.get(), replayed.get(),
                journalFailures.get() + journal.unreadable(), journal.pendingBytes(), lastError);
    }

    private void run() {
        Journal.Chunk chunk = null;
        while (true) {
            try {
                if (chunk == null) {
                    linger();
                    chunk = journal.next(batchSize);
                }
                if (chunk.lines() == 0) {
                    chunk = null;
                    if (!running) {
                        break;
                    }
                    waitForRecords();
                    forceIfDue();
                    continue;
                }
                sink.write(chunk.entries());
                journal.commit(chunk);
                stored(chunk.entries().size());
                chunk = null;
            } catch (AuditSink.AuditSinkUnavailable e) {
                failed(e.getMessage());
                if (!running) {
                    break; // closing: the rest waits in the journal for the next start
                }
                LockSupport.parkNanos(retryNanos);
            } catch (IOException e) {
                lastError = "journal " + journal.dir() + ": " + e.getMessage();
                LOG.log(System.Logger.Level.ERROR, "DIVE audit: " + lastError);
                if (!running) {
                    break;
                }
                LockSupport.parkNanos(retryNanos);
            }
            forceIfDue();
        }
    }

    /**
     * Lets a small chunk grow: under load the writer otherwise stores a record or two per round trip,
     * and each round trip costs the writer thread and the store more than the records in it.
     */
    private void linger() {
        long pending = journal.pendingRecords();
        if (lingerNanos > 0 && running && !sinkDown && pending > 0 && pending < batchSize) {
            LockSupport.parkNanos(lingerNanos);
        }
    }

    private void waitForRecords() {
        idle = true;
        if (journal.pendingRecords() == 0) {
            LockSupport.parkNanos(fsync == JournalFsync.INTERVAL ? Math.min(IDLE_NANOS, fsyncNanos) : IDLE_NANOS);
        } else {
            // A line still being written: look again shortly.
            LockSupport.parkNanos(1_000_000);
        }
        idle = false;
    }

    private void stored(int records) {
        written.addAndGet(records);
        if (recovering) {
            replayed.addAndGet(records);
        }
        if (sinkDown) {
            sinkDown = false;
            lastError = null;
            LOG.log(System.Logger.Level.INFO, "DIVE audit sink " + sink.name() + " is back, storing the journal's backlog");
        }
        if (journal.pendingRecords() == 0) {
            recovering = false;
        }
    }

    private void forceIfDue() {
        if (fsync != JournalFsync.INTERVAL || System.nanoTime() - nextForce < 0) {
            return;
        }
        nextForce = System.nanoTime() + fsyncNanos;
        try {
            journal.force();
        } catch (IOException e) {
            lastError = "journal " + journal.dir() + ": " + e.getMessage();
        }
    }

    private void failed(String message) {
        if (!sinkDown) {
            spilled.addAndGet(journal.pendingRecords()); // what waits now; later offers count themselves
            LOG.log(System.Logger.Level.WARNING, "DIVE audit sink " + sink.name() + " unavailable, records wait in the journal: "
                    + message);
        }
        sinkDown = true;
        recovering = true;
        lastError = message;
    }

    /** Stops taking records, stores what the journal holds (if the sink takes it) and closes both. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "DIVE audit: closing the journal: " + e.getMessage());
        }
        sink.close();
    }
}
