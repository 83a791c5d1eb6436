package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.authenticators.otp.store.ActivationCodeStore;
import io.dive.authenticators.otp.store.PendingSecretStore;
import io.dive.authenticators.otp.store.UsedCodeStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * The OTP stores against the stack's real Redis: pending secrets (keys, TTLs, ciphertext), failure
 * counts, atomic claims. The stores log in as Keycloak does (the {@code dive} ACL user, keys under
 * {@code dive:}), so the stack's ACL is proven to allow what they send; keys and TTLs are read as
 * the operator. Every test runs against the stack's standalone Redis and against a Redis Cluster of
 * three masters ({@code ./dive redis-cluster-start}), where an enrollment's keys must share a slot.
 */
@ExtendWith(DiveStackExtension.class)
class PendingSecretStoreIT {

    /** Where the stores' Redis is. */
    enum Topology {
        STANDALONE, CLUSTER;

        UnifiedJedis client(DiveStack stack, String user) {
            return this == CLUSTER ? stack.redisCluster(user) : stack.redis(user);
        }
    }

    private static DiveStack stack;

    @BeforeAll
    static void startRedisCluster(DiveStack diveStack) {
        stack = diveStack;
        stack.startRedisCluster();
    }

    @AfterAll
    static void stopRedisCluster() {
        if (stack != null) {
            stack.stopRedisCluster();
        }
    }

    /** Under the prefix the dive user may use, apart from the keys Keycloak writes. */
    private static final String PREFIX = "dive:it:";

    private static SecretKey aesKey() throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(128);
        return generator.generateKey();
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aPendingSecretIsStoredEncryptedWithItsTtlAndDeleted(Topology topology, DiveStack stack) throws Exception {
        try (UnifiedJedis dive = topology.client(stack, DiveStack.REDIS_DIVE_USER);
                UnifiedJedis redis = topology.client(stack, DiveStack.REDIS_OPERATOR)) {
            PendingSecretStore store = new PendingSecretStore(dive, PREFIX);
            PendingSecretStore.Binding binding = new PendingSecretStore.Binding("realm-1", UUID.randomUUID().toString(), "session-1");
            byte[] secret = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
            SecretKey key = aesKey();

            store.save(binding, secret, key, Duration.ofSeconds(600));

            long ttl = redis.ttl(store.key(binding));
            assertThat(ttl).isBetween(1L, 600L);
            String stored = redis.get(store.key(binding));
            assertThat(stored).doesNotContain("0123456789abcdefghij")
                    .doesNotContain(Base64.getEncoder().encodeToString(secret))
                    .doesNotContain("GAYTEMZUGU3DOOBZMFRGGZDFMZTWQ2LK"); // base32 of the secret
            assertThat(store.load(binding, key)).contains(secret);

            assertThat(store.delete(binding)).isTrue();
            assertThat(redis.exists(store.key(binding))).isFalse();
            assertThat(store.load(binding, key)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aValueCopiedToAnotherUsersKeyIsNotASecret(Topology topology, DiveStack stack) throws Exception {
        try (UnifiedJedis redis = topology.client(stack, DiveStack.REDIS_DIVE_USER)) {
            PendingSecretStore store = new PendingSecretStore(redis, PREFIX);
            SecretKey key = aesKey();
            PendingSecretStore.Binding alice = new PendingSecretStore.Binding("r", "alice-" + UUID.randomUUID(), "s");
            PendingSecretStore.Binding mallory = new PendingSecretStore.Binding("r", "mallory-" + UUID.randomUUID(), "s");
            store.save(alice, new byte[] {1, 2, 3}, key, Duration.ofSeconds(60));
            redis.set(store.key(mallory), redis.get(store.key(alice)));
            assertThat(store.load(mallory, key)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aCodeIsClaimedOnceAcrossClients(Topology topology, DiveStack stack) {
        String user = UUID.randomUUID().toString();
        try (UnifiedJedis nodeA = topology.client(stack, DiveStack.REDIS_DIVE_USER);
                UnifiedJedis nodeB = topology.client(stack, DiveStack.REDIS_DIVE_USER);
                UnifiedJedis redis = topology.client(stack, DiveStack.REDIS_OPERATOR)) {
            UsedCodeStore a = new UsedCodeStore(nodeA, PREFIX);
            UsedCodeStore b = new UsedCodeStore(nodeB, PREFIX);
            assertThat(a.claim("r", user, "123456", Duration.ofSeconds(90))).isTrue();
            assertThat(b.claim("r", user, "123456", Duration.ofSeconds(90))).isFalse();
            assertThat(b.claim("r", user, "654321", Duration.ofSeconds(90))).isTrue();
            assertThat(redis.ttl(PREFIX + "otp:used:r:" + user + ":123456")).isBetween(1L, 90L);
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void failuresAreCountedWithTheEnrollmentsLifetime(Topology topology, DiveStack stack) {
        try (UnifiedJedis dive = topology.client(stack, DiveStack.REDIS_DIVE_USER);
                UnifiedJedis redis = topology.client(stack, DiveStack.REDIS_OPERATOR)) {
            PendingSecretStore store = new PendingSecretStore(dive, PREFIX);
            PendingSecretStore.Binding binding = new PendingSecretStore.Binding("r", UUID.randomUUID().toString(), "s");
            assertThat(store.countFailure(binding, Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(store.countFailure(binding, Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(redis.ttl(store.key(binding) + ":failures")).isBetween(1L, 60L);
            store.resetFailures(binding);
            assertThat(store.countFailure(binding, Duration.ofSeconds(60))).isEqualTo(1);
        }
    }

    /** In a Redis Cluster one DEL of keys in two slots fails (CROSSSLOT): the hash tag keeps them in one. */
    @ParameterizedTest
    @EnumSource(Topology.class)
    void anEnrollmentIsDiscardedSecretAndCountTogether(Topology topology, DiveStack stack) throws Exception {
        try (UnifiedJedis dive = topology.client(stack, DiveStack.REDIS_DIVE_USER);
                UnifiedJedis redis = topology.client(stack, DiveStack.REDIS_OPERATOR)) {
            PendingSecretStore store = new PendingSecretStore(dive, PREFIX);
            PendingSecretStore.Binding binding = new PendingSecretStore.Binding("r", UUID.randomUUID().toString(), "s");
            store.save(binding, new byte[] {1, 2, 3}, aesKey(), Duration.ofSeconds(60));
            store.countFailure(binding, Duration.ofSeconds(60));
            store.discard(binding);
            assertThat(redis.exists(store.key(binding))).isFalse();
            assertThat(redis.exists(store.failuresKey(binding))).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void anActivationCodeIsStoredHashedAndConsumedOnce(Topology topology, DiveStack stack) {
        String user = UUID.randomUUID().toString();
        String key = PREFIX + "otp:activation:r:" + user;
        try (UnifiedJedis dive = topology.client(stack, DiveStack.REDIS_DIVE_USER);
                UnifiedJedis redis = topology.client(stack, DiveStack.REDIS_OPERATOR)) {
            ActivationCodeStore store = new ActivationCodeStore(dive, PREFIX);
            String replaced = store.issue("r", user, Duration.ofSeconds(60));
            String code = store.issue("r", user, Duration.ofSeconds(60));
            assertThat(redis.get(key)).startsWith("v1:").doesNotContain(code);
            assertThat(redis.ttl(key)).isBetween(1L, 60L);

            assertThat(store.consume("r", user, replaced)).as("a newer code replaces an older one").isFalse();
            assertThat(store.consume("r", user, "WRONG")).isFalse();
            assertThat(redis.exists(key)).as("a wrong code leaves the code in place").isTrue();
            String typed = code.substring(0, 8).toLowerCase(Locale.ROOT) + "-" + code.substring(8);
            assertThat(store.consume("r", user, typed)).as("case and dashes do not matter").isTrue();
            assertThat(store.consume("r", user, code)).as("used once").isFalse();
            assertThat(redis.exists(key)).isFalse();
        }
    }
}
