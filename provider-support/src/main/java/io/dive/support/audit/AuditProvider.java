package io.dive.support.audit;

import io.dive.audit.AuditRecord;
import io.dive.audit.AuditTrail;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/** The audit trail for one Keycloak session (the trail itself outlives sessions). */
public interface AuditProvider extends Provider {

    AuditTrail trail();

    /** Queues a record; never blocks, never throws (a full queue is counted in health). */
    default boolean record(AuditRecord record) {
        return trail().record(record);
    }

    /** Records through the session's audit provider; a server without one (tests) records nothing. */
    static void record(KeycloakSession session, AuditRecord record) {
        AuditProvider provider = session.getProvider(AuditProvider.class);
        if (provider != null) {
            provider.record(record);
        }
    }

    @Override
    default void close() {
        // The trail outlives sessions.
    }
}
