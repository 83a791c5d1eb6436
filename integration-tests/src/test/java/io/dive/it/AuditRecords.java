package io.dive.it;

import io.dive.audit.KeyRelease;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Key-release records the audit ITs store directly (retention, paging, counts). */
final class AuditRecords {

    static KeyRelease keyRelease(String subject, Instant at) {
        return keyRelease(subject, at, KeyRelease.PERMIT, "SECRET");
    }

    static KeyRelease keyRelease(String subject, Instant at, String outcome, String classification) {
        return new KeyRelease(UUID.randomUUID().toString(), at, "dive-broker", "sid-it", "req-it", "http://kas.it/kas", "r1",
                "software", "p1", "uuid-it", "00", classification, List.of("USA"), List.of(), List.of(), false, null, subject, "USA",
                "SECRET", "2", List.of("pwd", "otp"), "http://idp.it", outcome, null, List.of(), null, "127.0.0.1", 1);
    }

    private AuditRecords() {
    }
}
