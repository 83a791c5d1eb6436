package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeySplit;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets a file's data key from its KAS, all at once: every split is asked in parallel (all shares
 * are needed), and within a split every alternative in parallel (the first KAS to release the
 * share wins; the others are cancelled: one not yet sent is not sent, one under way runs to its
 * end on its thread, since {@link KasHttp}'s blocking I/O does not stop on an interrupt, and its
 * answer is dropped). A {@link KasCircuitBreaker} skips KAS that keep failing. A lone KAS is asked
 * on the caller's thread.
 */
final class KasFanOut {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kas-request");
        thread.setDaemon(true);
        return thread;
    });

    private final KasTransport kas;
    private final KasCircuitBreaker breaker;

    KasFanOut(KasTransport kas, KasCircuitBreaker breaker) {
        this.kas = kas;
        this.breaker = breaker;
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
                calls.add(() -> share(alternatives, policy, bearerToken));
            }
            allAtOnce(calls, shares);
            return KeySplit.combine(shares);
        } finally {
            shares.forEach(share -> Arrays.fill(share, (byte) 0));
        }
    }

    /** A request to a KAS, run on a thread of the fan-out. */
    interface Call<T> {
        T run() throws KasClientException;
    }

    /**
     * Runs every call at once (a lone one on the caller's thread) and adds their results to
     * {@code results} in order; the first failure in that order is thrown and the rest cancelled.
     */
    static <T> void allAtOnce(List<Call<T>> calls, List<T> results) throws KasClientException {
        if (calls.size() == 1) {
            results.add(calls.get(0).run());
            return;
        }
        List<Future<T>> pending = new ArrayList<>();
        for (Call<T> call : calls) {
            pending.add(POOL.submit(call::run));
        }
        try {
            for (Future<T> result : pending) {
                results.add(outcome(result));
            }
        } finally {
            pending.forEach(result -> result.cancel(true));
        }
    }

    /** Runs {@code call} on a thread of the fan-out; {@link #outcome} waits for it. */
    static <T> Future<T> submit(Call<T> call) {
        return POOL.submit(call::run);
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
            Thread.currentThread().interrupt();
            throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
        }
    }

    /** One split's share from the first of its KAS that releases it. */
    private byte[] share(List<KeyAccessObject> alternatives, String policy, String bearerToken) throws KasClientException {
        KasClientException[] refusals = new KasClientException[alternatives.size()];
        AtomicBoolean settled = new AtomicBoolean();
        if (alternatives.size() == 1) {
            Answer answer = ask(alternatives.get(0), policy, bearerToken, 0, settled);
            if (answer.key() != null) {
                return answer.key();
            }
            throw answer.refusal();
        }
        CompletionService<Answer> answers = new ExecutorCompletionService<>(POOL);
        List<Future<Answer>> requests = new ArrayList<>();
        for (int i = 0; i < alternatives.size(); i++) {
            int index = i;
            requests.add(answers.submit(() -> ask(alternatives.get(index), policy, bearerToken, index, settled)));
        }
        try {
            for (int i = 0; i < requests.size(); i++) {
                Answer answer = outcome(answers);
                if (answer.key() != null && settled.compareAndSet(false, true)) {
                    return answer.key();
                }
                refusals[answer.index()] = answer.refusal();
            }
        } finally {
            settled.set(true);
            requests.forEach(request -> request.cancel(true));
        }
        throw mostTelling(refusals);
    }

    /** One KAS's answer: a key, or its refusal. */
    private record Answer(int index, byte[] key, KasClientException refusal) {
    }

    /** Asks one KAS unless its circuit is open; feeds what happened back to the breaker. */
    private Answer ask(KeyAccessObject kao, String policy, String bearerToken, int index, AtomicBoolean settled) {
        if (!breaker.allows(kao.url())) {
            return new Answer(index, null, new KasClientException(KasClientException.Kind.UNAVAILABLE, "KAS " + kao.url()
                    + " skipped: it failed repeatedly (circuit open, probed again later)", List.of()));
        }
        try {
            byte[] key = kas.rewrap(bearerToken, policy, kao);
            breaker.answered(kao.url());
            if (settled.get()) {
                Arrays.fill(key, (byte) 0); // another KAS was first
            }
            return new Answer(index, key, null);
        } catch (KasClientException e) {
            if (settled.get()) {
                breaker.abandoned(kao.url()); // cancelled: says nothing about this KAS
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

    private static Answer outcome(CompletionService<Answer> answers) throws KasClientException {
        try {
            return answers.take().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
        }
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
