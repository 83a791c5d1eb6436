package io.dive.authenticators.otp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.support.metrics.TestMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/** dive_otp_pending_secret_store_errors_total: a failed Redis operation of the store counts once, by operation. */
class PendingSecretStoreErrorsTest {

    @RegisterExtension
    final TestMeters meters = new TestMeters();
    private final SimpleMeterRegistry registry = meters.registry();
    // Nothing listens on port 1: every command fails to connect.
    private final PendingSecretStore store = new PendingSecretStore(RedisClient.builder().hostAndPort("127.0.0.1", 1).build(), "dive:");
    private final PendingSecretStore.Binding binding = new PendingSecretStore.Binding("r", "u", "s");

    private double errors(String operation) {
        var counter = registry.find("dive.otp.pending.secret.store.errors").tag("operation", operation).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void eachFailedOperationIsCountedByItsNameFromZero() {
        PendingSecretStore.declareMeters();
        assertThat(errors("load")).isZero();
        assertThat(errors("discard")).isZero();
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        assertThatThrownBy(() -> store.load(binding, key)).isInstanceOf(JedisException.class);
        assertThatThrownBy(() -> store.save(binding, new byte[20], key, Duration.ofMinutes(5))).isInstanceOf(JedisException.class);
        assertThatThrownBy(() -> store.countFailure(binding, Duration.ofMinutes(5))).isInstanceOf(JedisException.class);
        assertThat(errors("load")).isEqualTo(1);
        assertThat(errors("save")).isEqualTo(1);
        assertThat(errors("count_failure")).isEqualTo(1);
        assertThat(errors("discard")).isZero();
    }
}
