package io.dive.redis;

/**
 * The DIVE Redis as health endpoints show it (no secrets): {@code UP} or {@code DOWN} and why, the
 * topology, and on this node since its start the replay checks that could not ask Redis, skipped
 * ({@code replayCheck=best-effort}) or refused ({@code required}).
 */
public record RedisHealth(String status, String topology, String error, String replayCheck, long replayChecksSkipped,
        long replayChecksRefused) {
}
