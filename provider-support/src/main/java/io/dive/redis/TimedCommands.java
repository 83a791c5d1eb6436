package io.dive.redis;

import io.dive.support.metrics.DiveMeters;
import java.util.Locale;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * Redis as DIVE sees it: every command the DIVE client sends, timed from the call to the answer
 * (pool wait, network and Redis itself, retries and redirects of a cluster included) in
 * {@code dive_redis_command_seconds{command,outcome}}. The command label is the protocol keyword
 * (a fixed set), never a key; {@code outcome} is {@code ok} or {@code error} (the command threw).
 */
final class TimedCommands implements CommandExecutor {

    static final String METER = "dive.redis.command";
    private static final String HELP = "DIVE's Redis commands by command and outcome, as the client sees them";

    private final CommandExecutor executor;

    TimedCommands(CommandExecutor executor) {
        this.executor = executor;
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            T answer = executor.executeCommand(command);
            outcome = "ok";
            return answer;
        } finally {
            DiveMeters.time(METER, HELP, System.nanoTime() - started, "command", name(command.getArguments().getCommand()),
                    "outcome", outcome);
        }
    }

    /** The keyword of a Jedis enum command ({@code GET}, {@code EVALSHA}); anything else is {@code other}. */
    static String name(ProtocolCommand command) {
        return command instanceof Enum<?> keyword ? keyword.name().toLowerCase(Locale.ROOT) : DiveMeters.OTHER;
    }

    @Override
    public void close() throws Exception {
        executor.close();
    }
}
