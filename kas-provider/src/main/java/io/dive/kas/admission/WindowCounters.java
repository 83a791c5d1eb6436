package io.dive.kas.admission;

import java.time.Duration;

/** Counters of fixed windows shared by all nodes (Redis), the storage of {@link SlidingWindow}. */
public interface WindowCounters {

    /**
     * @param current the counter of this request's window after adding it
     * @param previous the counter of the window before (0 when none)
     */
    record Counts(long current, long previous) {
    }

    /** Adds one to counter {@code current} (kept for {@code ttl}) and reads counter {@code previous}, in one round trip. */
    Counts hit(String current, String previous, Duration ttl);
}
