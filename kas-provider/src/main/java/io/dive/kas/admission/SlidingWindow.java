package io.dive.kas.admission;

import java.time.Duration;
import java.util.Optional;

/**
 * The sliding-window counter: a request is counted in its fixed window of length {@code w}; the
 * rate over the last {@code w} is estimated as the previous window's count weighted by the share of
 * it still inside the sliding window, plus the current count. Two counters per key, no per-request
 * entries; exact at the window boundaries, smooth in between. Refused requests count too: a client
 * that keeps hammering stays refused.
 */
final class SlidingWindow {

    private SlidingWindow() {
    }

    /** The counter names of {@code key} at {@code nowMillis}: this window's and the one before. */
    static String[] counters(String key, Duration window, long nowMillis) {
        long bucket = nowMillis / window.toMillis();
        return new String[] {key + ":" + bucket, key + ":" + (bucket - 1)};
    }

    /**
     * How long to wait before a retry would be within {@code limit}; empty when this request
     * (already counted in {@code counts.current}) is within it.
     */
    static Optional<Duration> wait(WindowCounters.Counts counts, int limit, Duration window, long nowMillis) {
        long w = window.toMillis();
        long elapsed = nowMillis % w;
        double previousWeight = (double) (w - elapsed) / w;
        if (counts.previous() * previousWeight + counts.current() <= limit) {
            return Optional.empty();
        }
        long waitMillis;
        if (counts.current() >= limit) {
            // Not before the next window, and then until this window's weight leaves room for one more.
            waitMillis = (w - elapsed) + (long) Math.ceil(w * (1 - (double) (limit - 1) / counts.current()));
        } else {
            // Within this window, once enough of the previous one has slid out to admit the retry too.
            waitMillis = (long) Math.ceil(w * (1 - (double) (limit - counts.current() - 1) / counts.previous())) - elapsed;
        }
        return Optional.of(Duration.ofMillis(Math.max(1, waitMillis)));
    }
}
