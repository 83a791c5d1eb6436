package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Issue 11 item 9: the stack's Redis answers no one without a password. A forged activation-code
 * record (what let a password thief enroll through the activation-code gate) cannot be written
 * without credentials, a wrong password is refused, and the ACL user Keycloak logs in as can run
 * the DIVE stores' commands on {@code dive:} keys only: no CONFIG, FLUSHALL, KEYS or other keys.
 */
@ExtendWith(DiveStackExtension.class)
class RedisAccessIT {

    /** What an attacker would write: the store's record format, for a code the attacker chose. */
    private static final String FORGED_RECORD = "v1:AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static String activationKey() {
        return "dive:otp:activation:" + UUID.randomUUID() + ":" + UUID.randomUUID();
    }

    @Test
    void anUnauthenticatedClientCannotForgeAnActivationCodeRecordNorReadAnything(DiveStack stack) {
        String key = activationKey();
        try (Jedis anonymous = new Jedis(stack.redisHost(), stack.redisPort())) {
            assertThatThrownBy(() -> anonymous.set(key, FORGED_RECORD)).isInstanceOf(JedisException.class)
                    .hasMessageContaining("NOAUTH");
            assertThatThrownBy(anonymous::ping).hasMessageContaining("NOAUTH");
            assertThatThrownBy(() -> anonymous.keys("dive:*")).hasMessageContaining("NOAUTH");
        }
        try (RedisClient operator = stack.redis(DiveStack.REDIS_OPERATOR)) {
            assertThat(operator.exists(key)).as("nothing was written").isFalse();
        }
    }

    @Test
    void aWrongPasswordIsRefusedForTheDiveUserAndTheDefaultUser(DiveStack stack) {
        for (String user : new String[] {DiveStack.REDIS_DIVE_USER, DiveStack.REDIS_OPERATOR}) {
            try (RedisClient guessed = RedisClient.builder().hostAndPort(stack.redisHost(), stack.redisPort())
                    .clientConfig(DefaultJedisClientConfig.builder().user(user).password("dive-demo-password").build())
                    .build()) {
                assertThatThrownBy(() -> guessed.set(activationKey(), FORGED_RECORD)).as(user)
                        .hasStackTraceContaining("WRONGPASS");
            }
        }
    }

    @Test
    void theDiveUserRunsTheStoresCommandsOnDiveKeysOnly(DiveStack stack) {
        try (RedisClient dive = stack.redis(DiveStack.REDIS_DIVE_USER)) {
            String key = "dive:it:acl:" + UUID.randomUUID();
            assertThat(dive.set(key, "1")).isEqualTo("OK");
            assertThat(dive.incr(key)).isEqualTo(2);
            assertThat(dive.pexpire(key, 60_000)).isEqualTo(1);
            assertThat(dive.get(key)).isEqualTo("2");
            assertThat(dive.del(key)).isEqualTo(1);

            assertThatThrownBy(() -> dive.configGet("*")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> dive.configSet("requirepass", "")).hasMessageContaining("NOPERM");
            assertThatThrownBy(dive::flushAll).hasMessageContaining("NOPERM");
            assertThatThrownBy(dive::flushDB).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> dive.keys("*")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> dive.sendCommand(Protocol.Command.ACL, "LIST")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> dive.set("other:" + UUID.randomUUID(), "1")).as("keys outside dive:")
                    .hasMessageContaining("NOPERM");
        }
    }
}
