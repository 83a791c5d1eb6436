package io.dive.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {

    @Test
    void defaultsToTheJsonLinesFileAndNinetyDays() {
        AuditSettings settings = AuditSettings.from(key -> null, Path.of("/var/dive"));
        assertThat(settings.connectionString()).isNull();
        assertThat(settings.sink()).isEqualTo(AuditSettings.Sink.FILE);
        assertThat(settings.journalFsync()).isEqualTo(JournalFsync.INTERVAL);
        assertThat(settings.queueSize()).isEqualTo(1_000_000);
        assertThat(settings.file()).isEqualTo(Path.of("/var/dive/audit.jsonl"));
        assertThat(settings.retention()).containsEntry(AuditCollection.DECISIONS, Duration.ofDays(90));
        assertThat(settings.batchLinger()).isEqualTo(Duration.ofMillis(10));
        assertThat(AuditSettings.from(Map.of("batchLingerMillis", "0")::get, Path.of("/x")).batchLinger()).isZero();
    }

    @Test
    void retentionIsPerCollectionAndCredentialsStayOutOfToString() {
        Map<String, String> values = Map.of("connectionString", "mongodb://dive:s3cret@db:27017", "retentionDays", "30",
                "retentionDaysKeyReleases", "365");
        AuditSettings settings = AuditSettings.from(values::get, Path.of("/var/dive"));
        assertThat(settings.retention()).containsEntry(AuditCollection.KEY_RELEASES, Duration.ofDays(365))
                .containsEntry(AuditCollection.AUTHENTICATIONS, Duration.ofDays(30));
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void sinkNoneTurnsTheTrailOffAndRecordsNothing(@org.junit.jupiter.api.io.TempDir Path dir) {
        AuditSettings settings = AuditSettings.from(Map.of("sink", "none", "connectionString", "mongodb://db:27017")::get, dir);
        assertThat(settings.sink()).isEqualTo(AuditSettings.Sink.NONE);
        try (AuditTrail trail = new AuditTrail(settings, java.time.Clock.systemUTC())) {
            assertThat(trail.enabled()).isFalse();
            assertThat(trail.record(Records.authentication("CODE_ACCEPTED"))).isTrue();
            assertThat(trail.health().status()).isEqualTo("OFF");
            assertThat(trail.health().sink()).isEqualTo("none");
        }
        assertThat(dir).isEmptyDirectory();
        assertThat(AuditSettings.from(Map.of("sink", "file", "connectionString", "mongodb://db:27017")::get, dir).sink())
                .as("an explicit sink wins over the connection string").isEqualTo(AuditSettings.Sink.FILE);
    }

    @Test
    void aBadValueIsRefusedWithItsKeyNamed() {
        assertThatThrownBy(() -> AuditSettings.from(Map.of("sink", "kafka")::get, Path.of("/x"))).hasMessageContaining("sink");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("sink", "mongodb")::get, Path.of("/x")))
                .hasMessageContaining("connectionString");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("journalFsync", "sometimes")::get, Path.of("/x")))
                .hasMessageContaining("journalFsync");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("batchSize", "many")::get, Path.of("/x")))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("retentionDaysDecisions", "0")::get, Path.of("/x")))
                .hasMessageContaining("retentionDaysDecisions");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("batchLingerMillis", "-1")::get, Path.of("/x")))
                .hasMessageContaining("batchLingerMillis");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("batchLingerMillis", "5000")::get, Path.of("/x")))
                .hasMessageContaining("batchLingerMillis");
    }
}
