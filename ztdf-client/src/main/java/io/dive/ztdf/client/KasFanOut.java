package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeySplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Gets a file's data key from its KAS. Every split is asked in parallel (all shares are needed).
 * Within a split the alternatives are hedged: the first one whose circuit is closed is asked, the
 * next after a head start without an answer, or at once when one refuses (or its circuit is open);
 * the first KAS to release the share wins and the others are cancelled ({@link Cancellation}: a
 * request not yet sent is not sent, one under way is disconnected and its answer not opened). A
 * head start of zero asks all alternatives at once. A {@link KasCircuitBreaker} skips KAS that keep
 * failing. A lone KAS is asked on the caller's thread. (Somewhat over 250 lines: the hedging loop
 * and the cancellation of what it started belong together.)
 */
final class KasFanOut {

    /**
     * How long the first KAS of an any-of file has before the next is asked too. Above this
     * machine's p95 of one healthy KAS (BENCHMARKS.md, "Several KAS asked at once"), so a healthy
     * first KAS is the only one asked; a dead one is passed at once (refused or open circuit).
     */
    static final Duration DEFAULT_HEAD_START = Duration.ofMillis(100);

    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
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
        try {
            List<Call<byte[]>> calls = new ArrayList<>();
            for (List<KeyAccessObject> alternatives : splits) {
                calls.add(cancellation -> share(alternatives, policy, bearerToken, cancellation));
            }
            allAtOnce(calls, shares);
            return KeySplit.combine(shares);
        } finally {
            shares.forEach(share -> Arrays.fill(share, (byte) 0));
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
        if (calls.size() == 1) {
            results.add(calls.get(0).run(new Cancellation()));
            return;
        }
        CompletionService<T> done = new ExecutorCompletionService<>(POOL);
        List<Cancellation> cancellations = new ArrayList<>();
        List<Future<T>> pending = new ArrayList<>();
        for (Call<T> call : calls) {
            Cancellation cancellation = new Cancellation();
            cancellations.add(cancellation);
            pending.add(done.submit(() -> call.run(cancellation)));
        }
        List<T> ordered = new ArrayList<>(java.util.Collections.nCopies(calls.size(), null));
        try {
            for (int i = 0; i < calls.size(); i++) {
                Future<T> result = done.take();
                ordered.set(pending.indexOf(result), outcome(result));
            }
        } catch (InterruptedException e) {
            throw interrupted();
        } finally {
            cancellations.forEach(Cancellation::cancel); // a no-op for those already answered
            pending.forEach(result -> result.cancel(true));
            ordered.stream().filter(java.util.Objects::nonNull).forEach(results::add);
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

    /** One split's share from the first of its KAS that releases it, hedged as the class says. */
    private byte[] share(List<KeyAccessObject> alternatives, String policy, String bearerToken, Cancellation split)
            throws KasClientException {
        KasClientException[] refusals = new KasClientException[alternatives.size()];
        if (alternatives.size() == 1) {
            KeyAccessObject kao = alternatives.get(0);
            if (!breaker.allows(kao.url())) {
                throw skipped(kao);
            }
            Answer answer = ask(kao, policy, bearerToken, 0, split);
            if (answer.key() != null) {
                return answer.key();
            }
            throw answer.refusal();
        }
        CompletionService<Answer> answers = new ExecutorCompletionService<>(POOL);
        List<Future<Answer>> requests = new ArrayList<>();
        List<Cancellation> cancellations = new ArrayList<>();
        Future<Answer> winner = null;
        int next = 0;
        int outstanding = 0;
        boolean askNext = true;
        try {
            while (true) {
                for (; askNext && next < alternatives.size(); next++) {
                    KeyAccessObject kao = alternatives.get(next);
                    if (!breaker.allows(kao.url())) {
                        refusals[next] = skipped(kao); // the next at once
                        continue;
                    }
                    int index = next;
                    Cancellation cancellation = split.child();
                    cancellations.add(cancellation);
                    requests.add(answers.submit(() -> ask(kao, policy, bearerToken, index, cancellation)));
                    outstanding++;
                    askNext = headStartNanos == 0;
                }
                if (outstanding == 0) {
                    break;
                }
                Future<Answer> done = next < alternatives.size() ? answers.poll(headStartNanos, TimeUnit.NANOSECONDS) : answers.take();
                askNext = true; // the head start is over, or an answer came
                if (done == null) {
                    continue;
                }
                outstanding--;
                Answer answer = done.get();
                if (answer.key() != null) {
                    winner = done;
                    return answer.key();
                }
                refusals[answer.index()] = answer.refusal();
            }
        } catch (InterruptedException e) {
            throw interrupted();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            cancellations.forEach(Cancellation::cancel);
            for (Future<Answer> request : requests) {
                request.cancel(true);
                if (request != winner) {
                    forget(request);
                }
            }
        }
        throw mostTelling(refusals);
    }

    /** One KAS's answer: a key, or its refusal. */
    private record Answer(int index, byte[] key, KasClientException refusal) {
    }

    /** Asks one KAS; feeds what happened back to the breaker (a cancelled request says nothing about the KAS). */
    private Answer ask(KeyAccessObject kao, String policy, String bearerToken, int index, Cancellation cancellation) {
        try {
            byte[] key = kas.rewrap(bearerToken, policy, kao, cancellation);
            breaker.answered(kao.url());
            if (cancellation.isCancelled()) {
                Arrays.fill(key, (byte) 0); // another KAS was first
            }
            return new Answer(index, key, null);
        } catch (KasClientException e) {
            if (cancellation.isCancelled()) {
                breaker.abandoned(kao.url());
            } else if (e.kind() == KasClientException.Kind.UNAVAILABLE) {
                breaker.failed(kao.url());
            } else {
                breaker.answered(kao.url());
            }
            return new Answer(index, null, e);
        } catch (RuntimeException e) {
            breaker.abandoned(kao.url());
            throw e;
        }
    }

    /** Zeroes the key of an answer that came but lost. */
    private static void forget(Future<Answer> request) {
        if (request.isDone() && !request.isCancelled()) {
            try {
                byte[] key = request.get().key();
                if (key != null) {
                    Arrays.fill(key, (byte) 0);
                }
            } catch (ExecutionException | InterruptedException e) {
                // no key to forget
            }
        }
    }

    private static KasClientException skipped(KeyAccessObject kao) {
        return new KasClientException(KasClientException.Kind.UNAVAILABLE, "KAS " + kao.url()
                + " skipped: it failed repeatedly (circuit open, probed again later)", List.of());
    }

    private static KasClientException interrupted() {
        Thread.currentThread().interrupt();
        return new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
    }

    /** A denial first (the user learns why), else the first refusal in the file's order. */
    private static KasClientException mostTelling(KasClientException[] refusals) {
        KasClientException first = null;
        for (KasClientException refusal : refusals) {
            if (refusal != null && refusal.kind() == KasClientException.Kind.DENIED) {
                return refusal;
            }
            first = first == null ? refusal : first;
        }
        return first;
    }
}
