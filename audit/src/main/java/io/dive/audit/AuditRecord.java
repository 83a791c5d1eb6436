package io.dive.audit;

import java.time.Instant;

/**
 * One audit record. Every record has a unique {@code id} (stored as {@code _id}, so a replay of the
 * journal can never duplicate it) and a {@code timestamp} (a BSON Date: the TTL index and the
 * sweeper expire by it). The query fields share their names across collections
 * ({@link AuditFields}). Records carry no key, key hash, token, signed request token, OTP code or
 * secret, activation code or document content: their components are chosen so that they cannot.
 */
public sealed interface AuditRecord permits KeyRelease, Decision, Authentication {

    String id();

    Instant timestamp();

    /** The collection the record belongs to. */
    default AuditCollection collection() {
        return AuditCollection.of(getClass());
    }
}
