package io.dive.audit;

import java.util.List;

/** Where the writer thread puts batches of records. Only the writer thread calls it. */
public interface AuditSink extends AutoCloseable {

    /** A short description for health, e.g. {@code mongodb:dive_audit} (never a password). */
    String name();

    /**
     * Stores the batch; a record whose id is already stored is skipped (a replay is idempotent).
     *
     * @throws AuditSinkUnavailable when the store cannot be reached: the writer journals the batch
     */
    void write(List<AuditEncoding.Entry> batch) throws AuditSinkUnavailable;

    @Override
    void close();

    /** The store cannot take records now. */
    final class AuditSinkUnavailable extends Exception {
        public AuditSinkUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
