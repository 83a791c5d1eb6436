package io.dive.ztdf.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A batch of requests to KAS, each on a thread of its own (KAS round trips overlap) and under its
 * own {@link Cancellation}. Answers are taken as they come ({@link #next}); closing the batch
 * cancels the requests still under way (one not yet sent is not sent, one under way is
 * disconnected) and hands each answer that came but was never taken to the batch's
 * {@code discard} (the fan-out zeroes the keys that lost).
 */
final class KasRequests<T> implements AutoCloseable {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kas-request");
        thread.setDaemon(true);
        return thread;
    });

    /** A request to a KAS, stopped by its cancellation. */
    interface Call<T> {
        T run(Cancellation cancellation) throws KasClientException;
    }

    private final CompletionService<T> answers = new ExecutorCompletionService<>(POOL);
    private final Cancellation batch;
    private final Consumer<T> discard;
    private final List<Future<T>> untaken = new ArrayList<>();

    /** A batch cancelled when {@code parent} is, or on {@link #close}. */
    KasRequests(Cancellation parent, Consumer<T> discard) {
        this.batch = parent.child();
        this.discard = discard;
    }

    /** Starts {@code call} under a cancellation of its own. */
    Future<T> submit(Call<T> call) {
        Cancellation cancellation = batch.child();
        Future<T> request = answers.submit(() -> call.run(cancellation));
        untaken.add(request);
        return request;
    }

    /** How many requests are submitted and not taken yet. */
    int outstanding() {
        return untaken.size();
    }

    /** The next request to be answered (read it with {@link #outcome}), waiting for it. */
    Future<T> next() throws KasClientException {
        try {
            return taken(answers.take());
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** As {@link #next()}, waiting at most {@code nanos}: null when no answer came by then. */
    Future<T> next(long nanos) throws KasClientException {
        try {
            return taken(answers.poll(nanos, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    private Future<T> taken(Future<T> request) {
        if (request != null) {
            untaken.remove(request);
        }
        return request;
    }

    /** Cancels what is still under way; discards what came but was not taken. */
    @Override
    public void close() {
        batch.cancel(); // a no-op for the requests already answered
        for (Future<T> request : untaken) {
            request.cancel(true);
            if (request.isDone() && !request.isCancelled()) {
                try {
                    discard.accept(request.get());
                } catch (ExecutionException | InterruptedException e) {
                    // it failed: nothing to discard
                }
            }
        }
    }

    /**
     * Runs every call at once (a lone one on the caller's thread) and adds their results to
     * {@code results} in order; the first failure to come is thrown and the rest cancelled (a split
     * file fails as soon as one share is refused). On a failure the results already in are added
     * too, so that the caller can wipe them; those that come too late go to {@code discard}.
     */
    static <T> void allAtOnce(List<Call<T>> calls, List<T> results, Consumer<T> discard) throws KasClientException {
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

    /** Runs {@code call} on a thread of its own; {@link #outcome} waits for it. */
    static <T> Future<T> inBackground(Call<T> call) {
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

    private static KasClientException interrupted() {
        Thread.currentThread().interrupt();
        return new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
    }
}
