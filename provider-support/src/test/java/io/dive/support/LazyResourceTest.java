package io.dive.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyResourceTest {

    @Test
    void nothingIsOpenedBeforeTheFirstUse() {
        AtomicInteger opened = new AtomicInteger();
        new LazyResource<>(() -> "pool-" + opened.incrementAndGet());
        assertThat(opened).hasValue(0);
    }

    @Test
    void concurrentFirstCallersShareOneOpen() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        LazyResource<String, InterruptedException> lazy = new LazyResource<>(() -> {
            Thread.sleep(50); // every caller is waiting while the first one opens
            return "pool-" + opened.incrementAndGet();
        });
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return lazy.get();
                }));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("pool-1");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(opened).hasValue(1);
    }

    @Test
    void aFailedOpenIsTriedAgainOnTheNextCall() throws IOException {
        AtomicInteger attempts = new AtomicInteger();
        LazyResource<String, IOException> lazy = new LazyResource<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("HSM not there yet");
            }
            return "token";
        });
        assertThatThrownBy(lazy::get).isInstanceOf(IOException.class).hasMessage("HSM not there yet");
        assertThat(lazy.get()).isEqualTo("token");
        assertThat(lazy.get()).isEqualTo("token");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anOpenerReturningNullIsAnError() {
        LazyResource<String, RuntimeException> lazy = new LazyResource<>(() -> null);
        assertThatThrownBy(lazy::get).isInstanceOf(NullPointerException.class);
    }

    @Test
    void closeReleasesWhatWasOpenedOnceAndTheNextUseOpensAgain() {
        AtomicInteger opened = new AtomicInteger();
        List<String> released = new ArrayList<>();
        LazyResource<String, RuntimeException> lazy = new LazyResource<>(() -> "pool-" + opened.incrementAndGet(), released::add);
        lazy.close();
        assertThat(released).as("nothing opened, nothing released").isEmpty();
        assertThat(lazy.get()).isEqualTo("pool-1");
        lazy.close();
        lazy.close();
        assertThat(released).containsExactly("pool-1");
        assertThat(lazy.get()).isEqualTo("pool-2");
    }
}
