package io.dive.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MongoAuditStoreTest {

    private final MongoServerExtension mongo = new MongoServerExtension();
    private final MongoAuditStore store = new MongoAuditStore(mongo.database());
    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void pagesCoverEveryMatchingRecordOnceInTimeOrder() throws Exception {
        List<AuditEncoding.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Several records share a timestamp: the cursor must still continue after the right one.
            entries.add(AuditEncoding.encode(Records.keyRelease(i % 2 == 0 ? "alice" : "bob", KeyRelease.PERMIT, "SECRET",
                    t0.plusSeconds(i / 3))));
        }
        new MongoSink(mongo.database(), () -> { }).write(entries);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            MongoAuditStore.Page page = store.find(new AuditQuery(AuditCollection.KEY_RELEASES, "alice", null, null, null, null,
                    null, null, 4, cursor));
            page.records().forEach(entry -> assertThat(seen.add(entry.id())).isTrue());
            page.records().forEach(entry -> assertThat(entry.document().getString("subject").getValue()).isEqualTo("alice"));
            cursor = page.cursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(13);
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void countsByOutcomeAndClassificationEqualTheRecords() throws Exception {
        new MongoSink(mongo.database(), () -> { }).write(List.of(
                AuditEncoding.encode(Records.keyRelease("a", KeyRelease.PERMIT, "SECRET", t0)),
                AuditEncoding.encode(Records.keyRelease("a", KeyRelease.PERMIT, "SECRET", t0)),
                AuditEncoding.encode(Records.keyRelease("a", KeyRelease.DENY, "SECRET", t0)),
                AuditEncoding.encode(Records.keyRelease("a", KeyRelease.DENY, "TOP_SECRET", t0)),
                AuditEncoding.encode(Records.keyRelease("a", KeyRelease.DENY, "TOP_SECRET", t0.minusSeconds(3600)))));
        assertThat(store.counts(AuditCollection.KEY_RELEASES, t0.minusSeconds(60), t0.plusSeconds(60))).containsExactlyInAnyOrder(
                new MongoAuditStore.Count("PERMIT", "SECRET", 2), new MongoAuditStore.Count("DENY", "SECRET", 1),
                new MongoAuditStore.Count("DENY", "TOP_SECRET", 1));
    }

    @Test
    void aForeignCursorIsRefusedByName() {
        assertThatThrownBy(() -> store.find(new AuditQuery(AuditCollection.DECISIONS, null, null, null, null, null, null, null,
                10, "not-a-cursor"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> new AuditQuery(AuditCollection.DECISIONS, null, null, null, null, null, null, null, 501, null))
                .hasMessageContaining("limit");
    }

    @Test
    void aReplayedRecordIsNotStoredTwice() throws Exception {
        MongoSink sink = new MongoSink(mongo.database(), () -> { });
        AuditEncoding.Entry entry = AuditEncoding.encode(Records.authentication("ENROLLMENT_STARTED"));
        sink.write(List.of(entry));
        sink.write(List.of(entry, AuditEncoding.encode(Records.authentication("ENROLLMENT_FINISHED"))));
        assertThat(mongo.database().getCollection("authentications", BsonDocument.class).countDocuments()).isEqualTo(2);
    }
}
