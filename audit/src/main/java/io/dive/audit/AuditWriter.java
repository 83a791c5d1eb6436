package io.dive.audit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail's only writer. The request path calls {@link #offer} (never blocks: a full
 * queue drops the record and counts it); one daemon thread takes batches of up to
 * {@code batchSize}, encodes them and hands them to the sink. A batch the sink cannot take goes
 * to the {@link Journal}; while the journal holds records, new batches are appended behind them
 * (arrival order is kept) and the journal is replayed every {@code retryInterval} until the sink
 * takes everything. {@link #close} drains the queue (to the sink, else the journal) before it
 * returns; a journal left by a killed process is replayed when the next writer starts.
 */
public final class AuditWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditWriter.class.getName());

    private final AuditSink sink;
    private final Journal journal;
    private final BlockingQueue<AuditRecord> queue;
    private final int batchSize;
    private final long retryNanos;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong journalFailures = new AtomicLong();
    private volatile long journalPending;
    private volatile String lastError;
    private volatile boolean running = true;
    private long nextReplay;

    /** Starts the writer thread; it first replays what the journal at {@code journalFile} holds. */
    public AuditWriter(AuditSink sink, java.nio.file.Path journalFile, int queueSize, int batchSize, Duration retryInterval)
            throws IOException {
        this.sink = sink;
        this.journal = new Journal(journalFile);
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.batchSize = batchSize;
        this.retryNanos = retryInterval.toNanos();
        this.journalPending = journal.pendingBytes();
        this.thread = new Thread(this::run, "dive-audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the record for writing; false (and counted) when the queue is full or the writer closed. */
    public boolean offer(AuditRecord record) {
        if (running && queue.offer(record)) {
            return true;
        }
        long dropped = queueFull.incrementAndGet();
        if (dropped == 1 || dropped % 1000 == 0) {
            LOG.log(System.Logger.Level.WARNING, "DIVE audit queue full: " + dropped + " records dropped so far");
        }
        return false;
    }

    public AuditHealth health() {
        return new AuditHealth(sink.name(), queue.size(), queue.size() + queue.remainingCapacity(), written.get(),
                queueFull.get(), spilled.get(), replayed.get(), journalFailures.get(), journalPending, lastError);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            List<AuditRecord> batch = new ArrayList<>(batchSize);
            try {
                AuditRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            step(batch.stream().map(AuditEncoding::encode).toList());
        }
        nextReplay = 0;
        replay();
    }

    private void step(List<AuditEncoding.Entry> batch) {
        if (journalPending > 0) {
            spill(batch);
            if (System.nanoTime() - nextReplay >= 0) {
                replay();
            }
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.write(batch);
            written.addAndGet(batch.size());
        } catch (AuditSink.AuditSinkUnavailable e) {
            failed(e.getMessage());
            spill(batch);
        }
    }

    private void spill(List<AuditEncoding.Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            journal.append(batch);
            spilled.addAndGet(batch.size());
            journalPending = journal.pendingBytes();
        } catch (IOException e) {
            journalFailures.addAndGet(batch.size());
            lastError = "journal " + journal.file() + ": " + e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "DIVE audit: " + batch.size() + " records lost, " + lastError);
        }
    }

    /** Stores the journal's records in order until it is empty or the sink fails again. */
    private void replay() {
        try {
            while (journal.pendingBytes() > 0) {
                Journal.Chunk chunk = journal.next(batchSize);
                sink.write(chunk.entries());
                journal.replayedUpTo(chunk);
                replayed.addAndGet(chunk.entries().size());
                written.addAndGet(chunk.entries().size());
                journalPending = journal.pendingBytes();
            }
            lastError = null;
        } catch (AuditSink.AuditSinkUnavailable e) {
            failed(e.getMessage());
        } catch (IOException e) {
            lastError = "journal " + journal.file() + ": " + e.getMessage();
            nextReplay = System.nanoTime() + retryNanos;
        }
    }

    private void failed(String message) {
        if (lastError == null || !lastError.equals(message)) {
            LOG.log(System.Logger.Level.WARNING, "DIVE audit sink " + sink.name() + " unavailable, journaling: " + message);
        }
        lastError = message;
        nextReplay = System.nanoTime() + retryNanos;
    }

    /** Stops taking records, writes what is queued (to the sink, else the journal) and closes both. */
    @Override
    public void close() {
        running = false;
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
