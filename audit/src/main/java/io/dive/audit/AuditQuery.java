package io.dive.audit;

import java.time.Instant;

/**
 * What an auditor asks of one collection: every field optional (null), a time range
 * {@code [from, to)}, a page size and the cursor of the previous page.
 */
public record AuditQuery(AuditCollection collection, String subject, String resource, String outcome,
        String correlationId, String requestId, Instant from, Instant to, int limit, String cursor) {

    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", was " + limit);
        }
    }
}
