package io.dive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonLinePerRecordAndRotatesBySize() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        JsonLinesSink sink = new JsonLinesSink(file, 2_000, 2);
        KeyRelease release = Records.keyRelease("alice", KeyRelease.PERMIT, "SECRET", Instant.parse("2026-12-01T10:00:00Z"));
        sink.write(List.of(AuditEncoding.encode(release)));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        BsonDocument line = BsonDocument.parse(lines.get(0));
        assertThat(line.getString("collection").getValue()).isEqualTo("key_releases");
        assertThat(line.getString("_id").getValue()).isEqualTo(release.id());
        assertThat(lines.get(0)).contains("\"timestamp\": {\"$date\": \"2026-12-01T10:00:00Z\"}");
        for (int i = 0; i < 40; i++) {
            sink.write(List.of(AuditEncoding.encode(Records.authentication("CODE_ACCEPTED"))));
        }
        assertThat(Files.size(file)).isLessThan(2_000 + 400);
        assertThat(dir.resolve("audit.jsonl.1")).exists();
        assertThat(dir.resolve("audit.jsonl.2")).exists();
        assertThat(dir.resolve("audit.jsonl.3")).doesNotExist();
    }

    @Test
    void aBatchWrittenBeforeAKillAndReplayedAtTheNextStartIsInTheFileOnce() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<AuditEncoding.Entry> batch = List.of(AuditEncoding.encode(Records.authentication("CODE_ACCEPTED")),
                AuditEncoding.encode(Records.authentication("CODE_REFUSED")));
        new JsonLinesSink(file, 1 << 20, 2).write(batch);
        // The process died before the journal's commit: the next one replays the same batch, then more.
        JsonLinesSink restarted = new JsonLinesSink(file, 1 << 20, 2);
        restarted.write(batch);
        restarted.write(List.of(AuditEncoding.encode(Records.authentication("CODE_REPLAYED"))));
        assertThat(Files.readAllLines(file)).hasSize(3);
    }
}
