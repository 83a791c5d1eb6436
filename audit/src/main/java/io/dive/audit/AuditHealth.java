package io.dive.audit;

/**
 * What health endpoints show of the audit trail.
 *
 * @param sink where records go (e.g. {@code mongodb:dive_audit}, {@code file:/...}, {@code none})
 * @param queueDepth records in the journal not yet stored (the writer thread's backlog)
 * @param queueCapacity records the journal holds not yet stored before it drops new ones
 * @param written records the sink has stored (directly or by replay)
 * @param queueFull records dropped because the journal was full (the request still answered)
 * @param spilled records journaled while the sink was unreachable
 * @param replayed records stored from a backlog: after an outage, or left by a previous process
 * @param journalFailures records lost because the journal could not be written (or read back)
 * @param journalPendingBytes journal bytes not yet stored
 * @param lastError the last sink or journal error, null when none
 */
public record AuditHealth(String sink, int queueDepth, int queueCapacity, long written, long queueFull, long spilled,
        long replayed, long journalFailures, long journalPendingBytes, String lastError) {

    /** Audit off ({@code sink none}). */
    public static final AuditHealth OFF = new AuditHealth("none", 0, 0, 0, 0, 0, 0, 0, 0, null);

    /**
     * OFF for {@code sink none}; UP while nothing was lost and the sink takes records; DEGRADED while
     * the sink (or the journal) fails and records wait; DOWN once any was lost.
     */
    public String status() {
        if ("none".equals(sink)) {
            return "OFF";
        }
        if (queueFull > 0 || journalFailures > 0) {
            return "DOWN";
        }
        return lastError != null ? "DEGRADED" : "UP";
    }
}
