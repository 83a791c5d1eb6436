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
        assertThat(settings.file()).isEqualTo(Path.of("/var/dive/audit.jsonl"));
        assertThat(settings.retention()).containsEntry(AuditCollection.DECISIONS, Duration.ofDays(90));
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
    void aBadValueIsRefusedWithItsKeyNamed() {
        assertThatThrownBy(() -> AuditSettings.from(Map.of("batchSize", "many")::get, Path.of("/x")))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("retentionDaysDecisions", "0")::get, Path.of("/x")))
                .hasMessageContaining("retentionDaysDecisions");
    }
}
