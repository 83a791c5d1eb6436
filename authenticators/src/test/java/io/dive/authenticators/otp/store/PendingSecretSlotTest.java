package io.dive.authenticators.otp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/** In a Redis Cluster the keys of one enrollment must share a slot, or one DEL cannot discard them together. */
class PendingSecretSlotTest {

    // Keys are only computed here: no command is sent (the pool connects on first use).
    private final PendingSecretStore store = new PendingSecretStore(RedisClient.builder().hostAndPort("127.0.0.1", 1).build(), "dive:");

    @Test
    void aPendingSecretAndItsFailureCountHashToOneSlot() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            PendingSecretStore.Binding binding = new PendingSecretStore.Binding(UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), UUID.randomUUID() + "." + i);
            int slot = JedisClusterCRC16.getSlot(store.key(binding));
            assertThat(JedisClusterCRC16.getSlot(store.failuresKey(binding))).as(store.failuresKey(binding)).isEqualTo(slot);
            slots.add(slot);
        }
        // The tag is the binding, not a constant: enrollments still spread over the cluster.
        assertThat(slots).hasSizeGreaterThan(150);
    }

    @Test
    void theTagIsTheBindingAndTheLayoutKeepsPrefixAndKind() {
        PendingSecretStore.Binding binding = new PendingSecretStore.Binding("r", "u", "s.t");
        assertThat(store.key(binding)).isEqualTo("dive:otp:pending:{r:u:s.t}");
        assertThat(store.failuresKey(binding)).isEqualTo("dive:otp:pending:{r:u:s.t}:failures");
        // Without the tag the two keys would hash apart (the reason for the tag).
        assertThat(JedisClusterCRC16.getSlot("dive:otp:pending:r:u:s.t"))
                .isNotEqualTo(JedisClusterCRC16.getSlot("dive:otp:pending:r:u:s.t:failures"));
    }
}
