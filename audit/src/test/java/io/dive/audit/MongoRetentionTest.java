package io.dive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MongoRetentionTest {

    private final MongoServerExtension mongo = new MongoServerExtension();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void whereTheServerHasTtlIndexesEachCollectionGetsItsConfiguredExpiryAndNoSweeper() {
        Map<AuditCollection, Duration> retention = new EnumMap<>(AuditCollection.class);
        retention.put(AuditCollection.KEY_RELEASES, Duration.ofDays(365));
        retention.put(AuditCollection.DECISIONS, Duration.ofDays(30));
        retention.put(AuditCollection.AUTHENTICATIONS, Duration.ofDays(90));
        MongoRetention mongoRetention = new MongoRetention(mongo.database(), retention, Clock.systemUTC());
        mongoRetention.createIndexes();
        assertThat(mongoRetention.swept()).isEmpty();
        assertThat(ttlSeconds("key_releases")).isEqualTo(365L * 86_400);
        assertThat(ttlSeconds("decisions")).isEqualTo(30L * 86_400);
        assertThat(mongoRetention.sweep(Duration.ofMinutes(1))).isZero();
        List<String> keys = new ArrayList<>();
        mongo.database().getCollection("authentications").listIndexes().forEach(index -> keys.add(index.get("key").toString()));
        assertThat(String.join(" ", keys)).contains("subject", "resource", "outcome", "correlationId", "requestId");
    }

    @Test
    void theSweeperLeaseIsHeldByOneNodeUntilItExpires() throws Exception {
        MongoRetention first = new MongoRetention(mongo.database(), Map.of(), Clock.systemUTC());
        MongoRetention second = new MongoRetention(mongo.database(), Map.of(), Clock.systemUTC());
        assertThat(first.lease(Duration.ofMinutes(5))).isTrue();
        assertThat(first.lease(Duration.ofMinutes(5))).as("renewed by its holder").isTrue();
        assertThat(second.lease(Duration.ofMinutes(5))).isFalse();
        assertThat(mongo.database().getCollection(MongoRetention.LEASES).countDocuments()).isEqualTo(1);
        assertThat(first.lease(Duration.ofMillis(1))).isTrue();
        Thread.sleep(20);
        assertThat(second.lease(Duration.ofMinutes(5))).as("taken once expired").isTrue();
    }

    private long ttlSeconds(String collection) {
        for (Document index : mongo.database().getCollection(collection).listIndexes()) {
            if (MongoRetention.TTL_INDEX.equals(index.getString("name"))) {
                return ((Number) index.get("expireAfterSeconds")).longValue();
            }
        }
        throw new AssertionError("no TTL index on " + collection);
    }
}
