package io.dive.audit;

/**
 * What health endpoints show of the audit trail.
 *
 * @param sink where records go (e.g. {@code mongodb:dive_audit}, {@code file:/...})
 * @param queueDepth records waiting for the writer thread
 * @param written records the sink has stored (directly or by replay)
 * @param queueFull records dropped because the queue was full (the request still answered)
 * @param spilled records written to the journal because the sink was unreachable
 * @param replayed records stored from the journal
 * @param journalFailures records lost because the journal could not be written either
 * @param journalPendingBytes journal bytes not yet replayed
 * @param lastError the last sink or journal error, null when none
 */
public record AuditHealth(String sink, int queueDepth, int queueCapacity, long written, long queueFull, long spilled,
        long replayed, long journalFailures, long journalPendingBytes, String lastError) {

    /** UP while nothing was lost and the sink takes records; DEGRADED when records wait in the journal; DOWN once any was lost. */
    public String status() {
        if (queueFull > 0 || journalFailures > 0) {
            return "DOWN";
        }
        return journalPendingBytes > 0 ? "DEGRADED" : "UP";
    }
}
