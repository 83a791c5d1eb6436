package io.dive.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Sample records for the tests. */
final class Records {

    static KeyRelease keyRelease(String subject, String outcome, String classification, Instant at) {
        return new KeyRelease(UUID.randomUUID().toString(), at, "dive-broker", "sid-1", "req-1", "https://kas.example/kas",
                "r1", "software", "p1", "uuid-1", "ab12", classification, List.of("USA"), List.of(), List.of(), false, null, subject,
                "USA", "SECRET", "2", List.of("pwd", "otp"), "https://idp.example", outcome,
                KeyRelease.PERMIT.equals(outcome) ? null : "ACCESS_DENIED", List.of(), "dec-1", "127.0.0.1", 4);
    }

    static Authentication authentication(String step) {
        return new Authentication(UUID.randomUUID().toString(), Instant.now(), "dive-broker", "sid-1", "alice", step,
                Authentication.SUCCESS, "dive-web", "SECRET", "127.0.0.1");
    }

    private Records() {
    }
}
