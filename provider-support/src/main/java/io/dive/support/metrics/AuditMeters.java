package io.dive.support.metrics;

import io.dive.audit.AuditHealth;
import io.dive.audit.AuditTrail;

/** The audit trail's queue and journal as meters, read from {@link AuditTrail#health()} at each scrape. */
public final class AuditMeters {

    private AuditMeters() {
    }

    public static void register(AuditTrail trail) {
        DiveMeters.gauge("dive.audit.queue.depth", "Audit records in the journal not yet stored", trail,
                t -> t.health().queueDepth());
        DiveMeters.gauge("dive.audit.queue.capacity", "Audit records the journal holds not yet stored before it drops new ones", trail,
                t -> t.health().queueCapacity());
        DiveMeters.gauge("dive.audit.journal.pending.bytes", "Journal bytes not yet stored", trail,
                t -> t.health().journalPendingBytes());
        counter(trail, "dive.audit.written", "Audit records stored", AuditHealth::written);
        counter(trail, "dive.audit.dropped", "Audit records dropped: journal full or unwritable",
                h -> h.queueFull() + h.journalFailures());
        counter(trail, "dive.audit.spilled", "Audit records journaled while the store was unreachable", AuditHealth::spilled);
        counter(trail, "dive.audit.replayed", "Audit records stored from the journal", AuditHealth::replayed);
    }

    private static void counter(AuditTrail trail, String name, String help, java.util.function.ToLongFunction<AuditHealth> total) {
        DiveMeters.functionCounter(name, help, trail, t -> total.applyAsLong(t.health()));
    }
}
