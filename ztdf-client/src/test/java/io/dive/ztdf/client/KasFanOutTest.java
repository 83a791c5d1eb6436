package io.dive.ztdf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAccessType;
import io.dive.ztdf.PolicyBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The KAS fan-out and its circuit breaker against a fake KAS transport (behaviour per URL). */
class KasFanOutTest {

    private static final byte[] KEY = {1, 2, 3, 4};

    /** What a fake KAS does when asked. */
    private interface Behaviour {
        byte[] answer(Cancellation cancellation) throws KasClientException, InterruptedException;
    }

    private static final class FakeKas implements KasTransport {
        final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> cancelled = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> returned = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> underWay = new ConcurrentHashMap<>();
        final Map<String, List<byte[]>> released = new ConcurrentHashMap<>();

        FakeKas with(String url, Behaviour behaviour) {
            behaviours.put(url, behaviour);
            return this;
        }

        int calls(String url) {
            return count(calls, url).get();
        }

        /** Requests that ran to their end (a cancelled one is interrupted, or never starts). */
        int completed(String url) {
            return count(completed, url).get();
        }

        /** Requests whose cancellation was cancelled while they ran (as KasHttp disconnects). */
        int cancelled(String url) {
            return count(cancelled, url).get();
        }

        /** The keys {@code url} released, as the fan-out holds them now. */
        List<byte[]> released(String url) {
            return released.computeIfAbsent(url, u -> new CopyOnWriteArrayList<>());
        }

        /** Waits until a request to {@code url} is under way: a cancellation from now on reaches it. */
        void awaitUnderWay(String url) throws InterruptedException {
            if (!underWay.computeIfAbsent(url, u -> new CountDownLatch(1)).await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("no request to " + url + " got under way");
            }
        }

        /** Waits until every request to {@code url} that started has returned (answered, failed or cancelled). */
        synchronized void awaitReturned(String url) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count(returned, url).get() < calls(url)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("a request to " + url + " never returned");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        private static AtomicInteger count(Map<String, AtomicInteger> counts, String url) {
            return counts.computeIfAbsent(url, u -> new AtomicInteger());
        }

        @Override
        public byte[] rewrap(String bearerToken, String policy, KeyAccessObject kao, Cancellation cancellation)
                throws KasClientException {
            count(calls, kao.url()).incrementAndGet();
            try (Cancellation.Registration running = cancellation.onCancel(() -> count(cancelled, kao.url()).incrementAndGet())) {
                underWay.computeIfAbsent(kao.url(), u -> new CountDownLatch(1)).countDown();
                byte[] key = behaviours.get(kao.url()).answer(cancellation).clone();
                released(kao.url()).add(key);
                count(completed, kao.url()).incrementAndGet();
                return key;
            } catch (InterruptedException e) {
                // What KasClient does when its request is interrupted.
                throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
            } finally {
                synchronized (this) {
                    count(returned, kao.url()).incrementAndGet();
                    notifyAll();
                }
            }
        }
    }

    private static Behaviour releases(byte[] key, long afterMillis) {
        return cancellation -> {
            Thread.sleep(afterMillis);
            return key;
        };
    }

    private static Behaviour fails(KasClientException.Kind kind) {
        return cancellation -> {
            throw new KasClientException(kind, kind + " from the fake KAS", List.of());
        };
    }

    /** A KAS that never answers, on a connection that ignores interrupts: only its cancellation stops it. */
    private static Behaviour hangsUntilCancelled() {
        return cancellation -> {
            CountDownLatch disconnected = new CountDownLatch(1);
            cancellation.onCancel(disconnected::countDown);
            while (true) {
                try {
                    if (disconnected.await(30, TimeUnit.SECONDS)) {
                        throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "cancelled", List.of());
                    }
                } catch (InterruptedException e) {
                    // ignored, as HttpURLConnection ignores it
                }
            }
        };
    }

    private static KeyAccessObject kao(String url, String sid) {
        return new KeyAccessObject(KeyAccessType.WRAPPED, url, null, "AAAA", new PolicyBinding("HS256", "AAAA"), "k1", sid,
                null, null);
    }

    /** All alternatives at once (head start zero), as the issue first asked. */
    private static KasFanOut fanOut(FakeKas kas, KasCircuitBreaker breaker) {
        return new KasFanOut(kas, breaker, Duration.ZERO);
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static KasCircuitBreaker breaker(AtomicLong clock) {
        return new KasCircuitBreaker(new KasCircuitBreaker.Settings(3, Duration.ofSeconds(30)), clock::get);
    }

    @Test
    void theFirstPermitWinsAndTheSlowerRequestsAreCancelled() throws Exception {
        FakeKas kas = new FakeKas().with("a", releases(KEY, 1500)).with("c", releases(KEY, 10_000));
        // The fast KAS answers once the slow ones are under way, so that they are cancelled, not just never sent.
        kas.with("b", cancellation -> {
            kas.awaitUnderWay("a");
            kas.awaitUnderWay("c");
            return releases(KEY, 20).answer(cancellation);
        });
        long started = System.nanoTime();
        byte[] key = fanOut(kas, breaker(new AtomicLong())).dataKey(
                List.of(List.of(kao("a", ""), kao("b", ""), kao("c", ""))), "policy", "token");
        long millis = millisSince(started);
        assertThat(key).containsExactly(KEY);
        assertThat(millis).as("answered by the fast KAS, not after the slow ones").isLessThan(1000);
        assertThat(kas.cancelled("a") + kas.cancelled("c")).as("both disconnected").isEqualTo(2);
        kas.awaitReturned("a");
        kas.awaitReturned("c");
        assertThat(kas.completed("a") + kas.completed("c")).as("the slower requests were cancelled").isZero();
    }

    @Test
    void splitsAreAskedInParallelAndCombined() throws Exception {
        byte[] share1 = {1, 1, 1, 1};
        byte[] share2 = {2, 0, 2, 0};
        // Each KAS answers once the other split's request is under way: asked one after the other, the first never would.
        FakeKas kas = new FakeKas();
        kas.with("usa", cancellation -> {
            kas.awaitUnderWay("gbr");
            return share1;
        }).with("gbr", cancellation -> {
            kas.awaitUnderWay("usa");
            return share2;
        });
        long started = System.nanoTime();
        byte[] key = fanOut(kas, breaker(new AtomicLong())).dataKey(
                List.of(List.of(kao("usa", "s0")), List.of(kao("gbr", "s1"))), "policy", "token");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("both at once (one after the other: never, the first waits for the second)").isLessThan(950);
        assertThat(key).containsExactly(3, 1, 3, 1);
        assertThat(kas.released("usa").get(0)).as("each share zeroed once combined").isEqualTo(new byte[4]);
        assertThat(kas.released("gbr").get(0)).as("each share zeroed once combined").isEqualTo(new byte[4]);
    }

    @Test
    void aDenialIsReportedBeforeAnOutageAndOneRefusedSplitRefusesTheKey() {
        FakeKas kas = new FakeKas().with("down", fails(KasClientException.Kind.UNAVAILABLE))
                .with("deny", fails(KasClientException.Kind.DENIED)).with("ok", releases(KEY, 0));
        KasFanOut fanOut = fanOut(kas, breaker(new AtomicLong()));
        assertThatThrownBy(() -> fanOut.dataKey(List.of(List.of(kao("down", ""), kao("deny", ""))), "p", "t"))
                .isInstanceOf(KasClientException.class).extracting(e -> ((KasClientException) e).kind())
                .isEqualTo(KasClientException.Kind.DENIED);
        assertThatThrownBy(() -> fanOut.dataKey(List.of(List.of(kao("ok", "s0")), List.of(kao("deny", "s1"))), "p", "t"))
                .isInstanceOf(KasClientException.class).extracting(e -> ((KasClientException) e).kind())
                .isEqualTo(KasClientException.Kind.DENIED);
    }

    @Test
    void aDeadKasIsSkippedOnceItsCircuitOpensAndProbedAgainLater() throws Exception {
        AtomicLong clock = new AtomicLong();
        KasCircuitBreaker breaker = breaker(clock);
        FakeKas kas = new FakeKas().with("dead", fails(KasClientException.Kind.UNAVAILABLE)).with("b", releases(KEY, 30))
                .with("c", releases(KEY, 30));
        // The dead KAS is asked first and alone (a head start longer than the test), so that its failure reaches the
        // breaker before another answers: asked all at once, a quick winner could cancel it first, and a cancelled
        // request says nothing about the KAS.
        KasFanOut fanOut = new KasFanOut(kas, breaker, Duration.ofSeconds(30));
        List<List<KeyAccessObject>> anyOf = List.of(List.of(kao("dead", ""), kao("b", ""), kao("c", "")));
        for (int i = 0; i < 6; i++) {
            assertThat(fanOut.dataKey(anyOf, "p", "t")).as("any-of opens with one KAS dead").containsExactly(KEY);
        }
        assertThat(kas.calls("dead")).as("asked until 3 consecutive failures, then skipped").isEqualTo(3);
        assertThat(breaker.isOpen("dead")).isTrue();

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        fanOut.dataKey(anyOf, "p", "t");
        assertThat(kas.calls("dead")).as("one half-open probe").isEqualTo(4);
        fanOut.dataKey(anyOf, "p", "t");
        assertThat(kas.calls("dead")).as("the failed probe opened it again").isEqualTo(4);

        kas.with("dead", releases(KEY, 0));
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        fanOut.dataKey(anyOf, "p", "t");
        assertThat(breaker.isOpen("dead")).as("a good probe closes it").isFalse();
    }

    @Test
    void denialsAndCancelledRequestsAreNotFailures() throws Exception {
        AtomicLong clock = new AtomicLong();
        KasCircuitBreaker breaker = breaker(clock);
        FakeKas kas = new FakeKas().with("deny", fails(KasClientException.Kind.DENIED)).with("slow", releases(KEY, 2000))
                .with("fast", releases(KEY, 0));
        KasFanOut fanOut = fanOut(kas, breaker);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> fanOut.dataKey(List.of(List.of(kao("deny", ""))), "p", "t"))
                    .isInstanceOf(KasClientException.class);
            fanOut.dataKey(List.of(List.of(kao("slow", ""), kao("fast", ""))), "p", "t");
        }
        kas.awaitReturned("slow");
        assertThat(kas.calls("deny")).isEqualTo(5);
        assertThat(breaker.isOpen("deny")).as("a denial is an answer").isFalse();
        assertThat(kas.completed("slow")).as("cancelled every time").isZero();
        assertThat(breaker.isOpen("slow")).as("cancelled after another KAS answered").isFalse();
    }

    @Test
    void everyAlternativeOpenIsUnavailableWithoutAsking() throws Exception {
        AtomicLong clock = new AtomicLong();
        KasCircuitBreaker breaker = breaker(clock);
        for (int i = 0; i < 3; i++) {
            breaker.failed("x");
        }
        FakeKas kas = new FakeKas().with("x", releases(KEY, 0));
        assertThatThrownBy(() -> fanOut(kas, breaker).dataKey(List.of(List.of(kao("x", ""))), "p", "t"))
                .isInstanceOf(KasClientException.class).hasMessageContaining("circuit open");
        assertThat(kas.calls("x")).isZero();
    }
    @Test
    void withAHeadStartAHealthyFirstKasIsTheOnlyOneAsked() throws Exception {
        FakeKas kas = new FakeKas().with("a", releases(KEY, 20)).with("b", releases(KEY, 0)).with("c", releases(KEY, 0));
        KasFanOut fanOut = new KasFanOut(kas, breaker(new AtomicLong()), Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            assertThat(fanOut.dataKey(List.of(List.of(kao("a", ""), kao("b", ""), kao("c", ""))), "p", "t")).containsExactly(KEY);
        }
        assertThat(kas.calls("a")).isEqualTo(3);
        assertThat(kas.calls("b") + kas.calls("c")).as("not asked: the first answered within its head start").isZero();
    }

    @Test
    void theNextIsAskedAfterTheHeadStartAndTheSlowFirstIsDisconnected() throws Exception {
        FakeKas kas = new FakeKas().with("hung", hangsUntilCancelled()).with("c", releases(KEY, 0));
        kas.with("b", cancellation -> {
            kas.awaitUnderWay("hung"); // so that there is a request under way to cancel
            return releases(KEY, 10).answer(cancellation);
        });
        KasFanOut fanOut = new KasFanOut(kas, breaker(new AtomicLong()), Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThat(fanOut.dataKey(List.of(List.of(kao("hung", ""), kao("b", ""), kao("c", ""))), "p", "t")).containsExactly(KEY);
        long millis = millisSince(started);
        assertThat(millis).as("after the head start, well before any timeout").isBetween(290L, 2000L);
        assertThat(kas.calls("c")).as("b answered within its own head start").isZero();
        assertThat(kas.cancelled("hung")).as("the hung request was cancelled, not left waiting").isEqualTo(1);
    }

    @Test
    void aRefusalOrAnOpenCircuitAsksTheNextAtOnce() throws Exception {
        AtomicLong clock = new AtomicLong();
        KasCircuitBreaker breaker = breaker(clock);
        FakeKas kas = new FakeKas().with("dead", fails(KasClientException.Kind.UNAVAILABLE)).with("b", releases(KEY, 0));
        KasFanOut fanOut = new KasFanOut(kas, breaker, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            assertThat(fanOut.dataKey(List.of(List.of(kao("dead", ""), kao("b", ""))), "p", "t")).containsExactly(KEY);
            assertThat(millisSince(started)).as("no head start waited for a refusal or an open circuit").isLessThan(5000);
        }
        assertThat(kas.calls("dead")).as("asked first until its circuit opened, then skipped").isEqualTo(3);
        assertThat(kas.calls("b")).isEqualTo(5);
    }

    @Test
    void aRefusedSplitCancelsTheOtherSplitsRequestsUnderWay() {
        FakeKas kas = new FakeKas().with("hung", hangsUntilCancelled());
        // The denial comes once the other split's request is under way: one not yet sent is simply not sent.
        kas.with("deny", cancellation -> {
            kas.awaitUnderWay("hung");
            return fails(KasClientException.Kind.DENIED).answer(cancellation);
        });
        KasFanOut fanOut = new KasFanOut(kas, breaker(new AtomicLong()), KasFanOut.DEFAULT_HEAD_START);
        long started = System.nanoTime();
        assertThatThrownBy(() -> fanOut.dataKey(List.of(List.of(kao("hung", "s0")), List.of(kao("deny", "s1"))), "p", "t"))
                .isInstanceOf(KasClientException.class).extracting(e -> ((KasClientException) e).kind())
                .isEqualTo(KasClientException.Kind.DENIED);
        assertThat(millisSince(started)).isLessThan(5000);
        assertThat(kas.cancelled("hung")).as("the other split's request was disconnected").isEqualTo(1);
    }
}
