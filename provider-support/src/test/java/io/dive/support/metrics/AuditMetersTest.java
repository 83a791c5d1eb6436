package io.dive.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.audit.AuditSettings;
import io.dive.audit.AuditTrail;
import io.dive.audit.Authentication;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AuditMetersTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestMeters meters = new TestMeters();

    @Test
    void theQueueAndTheWrittenRecordsAreReadFromTheTrailAtEachScrape() throws Exception {
        SimpleMeterRegistry registry = meters.registry();
        try (AuditTrail trail = new AuditTrail(AuditSettings.from(Map.<String, String>of()::get, dir), Clock.systemUTC())) {
            AuditMeters.register(trail);
            assertThat(registry.get("dive.audit.queue.capacity").gauge().value()).isEqualTo(1_000_000);
            assertThat(registry.get("dive.audit.dropped").functionCounter().count()).isZero();
            trail.record(new Authentication(UUID.randomUUID().toString(), Instant.now(), "dive-broker", "sid-1", "alice",
                    "CODE_ACCEPTED", Authentication.SUCCESS, "dive-web", "SECRET", "127.0.0.1"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (registry.get("dive.audit.written").functionCounter().count() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(registry.get("dive.audit.written").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("dive.audit.queue.depth").gauge().value()).isZero();
        }
    }
}
