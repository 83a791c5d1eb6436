package io.dive.ztdf.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
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

    private final CompletionService<T> answers = new ExecutorCompletionService<>(KasFanOut.POOL);
    private final Cancellation batch;
    private final Consumer<T> discard;
    private final List<Future<T>> untaken = new ArrayList<>();

    /** A batch cancelled when {@code parent} is, or on {@link #close}. */
    KasRequests(Cancellation parent, Consumer<T> discard) {
        this.batch = parent.child();
        this.discard = discard;
    }

    /** Starts {@code call} under a cancellation of its own. */
    Future<T> submit(KasFanOut.Call<T> call) {
        Cancellation cancellation = batch.child();
        Future<T> request = answers.submit(() -> call.run(cancellation));
        untaken.add(request);
        return request;
    }

    /** How many requests are submitted and not taken yet. */
    int outstanding() {
        return untaken.size();
    }

    /** The next request to be answered (read it with {@link KasFanOut#outcome}), waiting for it. */
    Future<T> next() throws KasClientException {
        try {
            return taken(answers.take());
        } catch (InterruptedException e) {
            throw KasFanOut.interrupted();
        }
    }

    /** As {@link #next()}, waiting at most {@code nanos}: null when no answer came by then. */
    Future<T> next(long nanos) throws KasClientException {
        try {
            return taken(answers.poll(nanos, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            throw KasFanOut.interrupted();
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
}
