package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeySplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Gets a file's data key from its KAS. Every split is asked in parallel (all shares are needed).
 * Within a split the alternatives are hedged: the first one whose circuit is closed is asked, the
 * next after a head start without an answer, or at once when one refuses (or its circuit is open);
 * the first KAS to release the share wins and the others are cancelled ({@link Cancellation}: a
 * request not yet sent is not sent, one under way is disconnected and its answer not opened). A
 * head start of zero asks all alternatives at once ({@link Hedge} holds one split's requests). A
 * {@link KasCircuitBreaker} skips KAS that keep failing. A lone KAS is asked on the caller's thread.
 */
final class KasFanOut {

    /**
     * How long the first KAS of an any-of file has before the next is asked too. Above this
     * machine's p95 of one healthy KAS (BENCHMARKS.md, "Several KAS asked at once"), so a healthy
     * first KAS is the only one asked; a dead one is passed at once (refused or open circuit).
     */
    static final Duration DEFAULT_HEAD_START = Duration.ofMillis(100);

    static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kas-request");
        thread.setDaemon(true);
        return thread;
    });

    private final KasTransport kas;
    private final KasCircuitBreaker breaker;
    private final long headStartNanos;

    KasFanOut(KasTransport kas, KasCircuitBreaker breaker, Duration headStart) {
        if (headStart.isNegative()) {
            throw new IllegalArgumentException("the head start must be >= 0, was " + headStart);
        }
        this.kas = kas;
        this.breaker = breaker;
        this.headStartNanos = headStart.toNanos();
    }

    /**
     * The data key: one share per split, XOR'd together. When a split yields no share, the most
     * telling refusal of its KAS is thrown (a denial before anything else).
     */
    byte[] dataKey(Collection<List<KeyAccessObject>> splits, String policy, String bearerToken) throws KasClientException {
        List<byte[]> shares = new ArrayList<>();
        Consumer<byte[]> wipe = share -> Arrays.fill(share, (byte) 0);
        try {
            List<Call<byte[]>> calls = new ArrayList<>();
            for (List<KeyAccessObject> alternatives : splits) {
                calls.add(cancellation -> share(alternatives, policy, bearerToken, cancellation));
            }
            allAtOnce(calls, shares, wipe); // a share that comes after another was refused is wiped too
            return KeySplit.combine(shares);
        } finally {
            shares.forEach(wipe);
        }
    }

    /** One split's share from the first of its KAS that releases it, hedged as the class says. */
    private byte[] share(List<KeyAccessObject> alternatives, String policy, String bearerToken, Cancellation split)
            throws KasClientException {
        Hedge.Ask ask = (kao, index, cancellation) -> ask(kao, policy, bearerToken, index, cancellation);
        if (alternatives.size() == 1) { // on the caller's thread
            KeyAccessObject kao = alternatives.get(0);
            if (!breaker.allows(kao.url())) {
                throw Hedge.skipped(kao);
            }
            return ask.ask(kao, 0, split).keyOrRefusal();
        }
        try (Hedge hedge = new Hedge(alternatives, breaker, headStartNanos, split, ask)) {
            for (hedge.askNext(); hedge.waiting(); hedge.askNext()) {
                byte[] key = hedge.nextKey();
                if (key != null) {
                    return key;
                }
            }
            throw hedge.mostTellingRefusal();
        }
    }

    /** A request to a KAS, run on a thread of the fan-out, stopped by its cancellation. */
    interface Call<T> {
        T run(Cancellation cancellation) throws KasClientException;
    }

    /**
     * Runs every call at once (a lone one on the caller's thread) and adds their results to
     * {@code results} in order; the first failure to come is thrown and the rest cancelled (a split
     * file fails as soon as one share is refused). On a failure the results already in are added
     * too, so that the caller can wipe them.
     */
    static <T> void allAtOnce(List<Call<T>> calls, List<T> results) throws KasClientException {
        allAtOnce(calls, results, result -> { });
    }

    /** As above; a result that comes after the failure goes to {@code discard}. */
    private static <T> void allAtOnce(List<Call<T>> calls, List<T> results, Consumer<T> discard) throws KasClientException {
        if (calls.size() == 1) {
            results.add(calls.get(0).run(new Cancellation()));
            return;
        }
        List<T> ordered = new ArrayList<>(Collections.nCopies(calls.size(), null));
        try (KasRequests<T> requests = new KasRequests<>(new Cancellation(), discard)) {
            List<Future<T>> submitted = new ArrayList<>();
            calls.forEach(call -> submitted.add(requests.submit(call)));
            while (requests.outstanding() > 0) {
                Future<T> answered = requests.next();
                ordered.set(submitted.indexOf(answered), outcome(answered));
            }
        } finally {
            ordered.stream().filter(Objects::nonNull).forEach(results::add);
        }
    }

    /** Runs {@code call} on a thread of the fan-out; {@link #outcome} waits for it. */
    static <T> Future<T> submit(Call<T> call) {
        return POOL.submit(() -> call.run(new Cancellation()));
    }

    /** The result of a submitted call, or the refusal it threw. */
    static <T> T outcome(Future<T> result) throws KasClientException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KasClientException refusal) {
                throw refusal;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** The refusal for a wait that was interrupted (the interrupt is kept). */
    static KasClientException interrupted() {
        Thread.currentThread().interrupt();
        return new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
    }

    /** Asks one KAS; feeds what happened back to the breaker (a cancelled request says nothing about the KAS). */
    private Hedge.Answer ask(KeyAccessObject kao, String policy, String bearerToken, int index, Cancellation cancellation) {
        try {
            byte[] key = kas.rewrap(bearerToken, policy, kao, cancellation);
            breaker.answered(kao.url());
            if (cancellation.isCancelled()) {
                Arrays.fill(key, (byte) 0); // another KAS was first
            }
            return new Hedge.Answer(index, key, null);
        } catch (KasClientException e) {
            if (cancellation.isCancelled()) {
                breaker.abandoned(kao.url());
            } else if (e.kind() == KasClientException.Kind.UNAVAILABLE) {
                breaker.failed(kao.url());
            } else {
                breaker.answered(kao.url());
            }
            return new Hedge.Answer(index, null, e);
        } catch (RuntimeException e) {
            breaker.abandoned(kao.url());
            throw e;
        }
    }
}
