package io.dive.support.metrics;

import io.dive.audit.AuditHealth;
import io.dive.audit.AuditTrail;

/** The audit trail's queue and journal as meters, read from {@link AuditTrail#health()} at each scrape. */
public final class AuditMeters {

    private AuditMeters() {
    }

    public static void register(AuditTrail trail) {
        DiveMeters.gauge("dive.audit.queue.depth", "Audit records waiting for the writer thread", trail,
                t -> t.health().queueDepth());
        DiveMeters.gauge("dive.audit.queue.capacity", "Audit records the queue holds before it drops", trail,
                t -> t.health().queueCapacity());
        DiveMeters.gauge("dive.audit.journal.pending.bytes", "Journal bytes not yet replayed into the store", trail,
                t -> t.health().journalPendingBytes());
        counter(trail, "dive.audit.written", "Audit records stored", AuditHealth::written);
        counter(trail, "dive.audit.dropped", "Audit records dropped: queue full or journal unwritable",
                h -> h.queueFull() + h.journalFailures());
        counter(trail, "dive.audit.spilled", "Audit records journaled while the store was unreachable", AuditHealth::spilled);
        counter(trail, "dive.audit.replayed", "Audit records stored from the journal", AuditHealth::replayed);
    }

    private static void counter(AuditTrail trail, String name, String help, java.util.function.ToLongFunction<AuditHealth> total) {
        DiveMeters.functionCounter(name, help, trail, t -> total.applyAsLong(t.health()));
    }
}
