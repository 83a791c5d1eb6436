package io.dive.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.executors.CommandExecutor;
import io.dive.support.metrics.TestMeters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimedCommandsTest {

    @RegisterExtension
    final TestMeters meters = new TestMeters();
    private final SimpleMeterRegistry registry = meters.registry();

    private static CommandObject<String> get(String key) {
        return new CommandObject<>(new CommandArguments(Protocol.Command.GET).key(key), BuilderFactory.STRING);
    }

    private Timer timer(String command, String outcome) {
        return registry.find(TimedCommands.METER).tags("command", command, "outcome", outcome).timer();
    }

    @Test
    void everyCommandIsTimedByItsKeywordAndOutcomeNeverByItsKey() {
        CommandExecutor answering = new CommandExecutor() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T executeCommand(CommandObject<T> command) {
                return (T) "value";
            }

            @Override
            public void close() {
            }
        };
        TimedCommands timed = new TimedCommands(answering);
        assertThat(timed.executeCommand(get("dive:otp:pending:{r:u:s}"))).isEqualTo("value");
        assertThat(timed.executeCommand(get("dive:otp:used:r:u:123456"))).isEqualTo("value");
        assertThat(timer("get", "ok").count()).isEqualTo(2);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags().toString()).doesNotContain("dive:otp"));

        TimedCommands failing = new TimedCommands(new CommandExecutor() {
            @Override
            public <T> T executeCommand(CommandObject<T> command) {
                throw new JedisConnectionException("down");
            }

            @Override
            public void close() {
            }
        });
        assertThatThrownBy(() -> failing.executeCommand(get("k"))).isInstanceOf(JedisConnectionException.class);
        assertThat(timer("get", "error").count()).isEqualTo(1);
        assertThat(TimedCommands.name(() -> new byte[] {'X'})).isEqualTo("other");
    }
}
