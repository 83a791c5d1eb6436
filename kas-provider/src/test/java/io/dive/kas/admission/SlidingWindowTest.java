package io.dive.kas.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void countersAreNamedByWindow() {
        assertThat(SlidingWindow.counters("k", MINUTE, 125_000)).containsExactly("k:2", "k:1");
    }

    @Test
    void withinTheLimitNothingWaits() {
        assertThat(SlidingWindow.wait(new WindowCounters.Counts(10, 0), 10, MINUTE, 0)).isEmpty();
        // Half-way through the window, half of the previous window's 10 still count: 5 + 5 = 10.
        assertThat(SlidingWindow.wait(new WindowCounters.Counts(5, 10), 10, MINUTE, 30_000)).isEmpty();
    }

    @Test
    void thePreviousWindowWeighsByItsShareStillInside() {
        // 10 s into the window, 5/6 of the previous 12 = 10, plus 1: over 10; a retry (1 + 1) fits once 12 weighs 8,
        // at 20 s.
        assertThat(SlidingWindow.wait(new WindowCounters.Counts(1, 12), 10, MINUTE, 10_000)).hasValueSatisfying(wait ->
                assertThat(wait.toMillis()).isBetween(10_000L, 10_001L));
    }

    @Test
    void aFullWindowWaitsForTheNextAndItsWeight() {
        // 11 of 10 at 20 s: 40 s to the next window, then until 11 * (1 - e/60) <= 9.
        assertThat(SlidingWindow.wait(new WindowCounters.Counts(11, 0), 10, MINUTE, 20_000)).hasValueSatisfying(wait ->
                assertThat(wait.toMillis()).isBetween(40_000L + 10_900, 40_000L + 11_000));
    }
}
