package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderedParallelTest {

    @Test
    void resultsArriveInSubmissionOrderWithABoundedWindow() throws Exception {
        List<Integer> consumed = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger submitted = new AtomicInteger();
        int[] mostAhead = {0};
        try (OrderedParallel<Integer> work = new OrderedParallel<>(4, result -> {
            consumed.add(result);
            mostAhead[0] = Math.max(mostAhead[0], submitted.get() - consumed.size());
        })) {
            for (int i = 0; i < 200; i++) {
                int value = i;
                submitted.incrementAndGet();
                work.submit(() -> {
                    running.incrementAndGet();
                    sleepUpTo(2);
                    return value;
                });
            }
            work.finish();
        }
        assertThat(consumed).hasSize(200).isSorted();
        assertThat(running.get()).isEqualTo(200);
        assertThat(mostAhead[0]).as("results held at once").isLessThanOrEqualTo(2 * 4 + 1);
    }

    @Test
    void aFailureSurfacesAtItsPlaceAndNothingAfterItIsConsumed() throws Exception {
        List<Integer> consumed = new ArrayList<>();
        try (OrderedParallel<Integer> work = new OrderedParallel<>(3, consumed::add)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    int value = i;
                    work.submit(() -> {
                        sleepUpTo(value == 7 ? 0 : 3);
                        if (value == 7) {
                            throw new ZtdfException(ZtdfException.Reason.SEGMENT_INTEGRITY, "segment 7 does not decrypt");
                        }
                        return value;
                    });
                }
                work.finish();
            }).isInstanceOf(ZtdfException.class).hasMessage("segment 7 does not decrypt");
        }
        assertThat(consumed).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void oneWorkRunsOnTheCallersThread() throws Exception {
        List<String> threads = new ArrayList<>();
        try (OrderedParallel<String> work = new OrderedParallel<>(4, threads::add)) {
            work.submit(() -> Thread.currentThread().getName());
            work.finish();
        }
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    private static void sleepUpTo(int millis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(millis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
