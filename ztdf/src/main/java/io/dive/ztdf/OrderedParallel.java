package io.dive.ztdf;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs independent pieces of work (payload segments) on all cores and hands their results to one
 * consumer in submission order, with at most {@code 2 × threads} results in flight: memory stays at
 * a few segments whatever the file size, and a failure surfaces at the segment where it happened
 * (everything before it was consumed, nothing after it). A single piece of work runs on the
 * caller's thread, so a one-segment file starts no threads.
 *
 * @param <R> what a piece of work yields
 */
final class OrderedParallel<R> implements AutoCloseable {

    /** One piece of work; it may run on any thread. */
    interface Work<R> {
        R run() throws ZtdfException;
    }

    /** Takes the results, in submission order, on the caller's thread. */
    interface Sink<R> {
        void accept(R result) throws IOException, ZtdfException;
    }

    private final int threads;
    private final Sink<R> sink;
    private final ArrayDeque<Future<R>> inFlight = new ArrayDeque<>();
    /** The first work, held back until a second one shows that threads are worth starting. */
    private Work<R> first;
    private ExecutorService pool;

    OrderedParallel(Sink<R> sink) {
        this(Runtime.getRuntime().availableProcessors(), sink);
    }

    OrderedParallel(int threads, Sink<R> sink) {
        this.threads = Math.max(1, threads);
        this.sink = sink;
    }

    /** Queues {@code work}; when the window is full, first waits for the oldest result and consumes it. */
    void submit(Work<R> work) throws IOException, ZtdfException {
        if (threads == 1) {
            sink.accept(work.run());
            return;
        }
        if (pool == null && first == null) {
            first = work;
            return;
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "ztdf-segments");
                thread.setDaemon(true);
                return thread;
            });
            inFlight.add(pool.submit(first::run));
            first = null;
        }
        while (inFlight.size() >= 2 * threads) {
            consumeOldest();
        }
        inFlight.add(pool.submit(work::run));
    }

    /** Waits for and consumes every result still in flight. */
    void finish() throws IOException, ZtdfException {
        if (first != null) {
            Work<R> only = first;
            first = null;
            sink.accept(only.run());
        }
        while (!inFlight.isEmpty()) {
            consumeOldest();
        }
    }

    private void consumeOldest() throws IOException, ZtdfException {
        R result;
        try {
            result = inFlight.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZtdfException(ZtdfException.Reason.IO, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ZtdfException ztdf) {
                throw ztdf;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
        sink.accept(result);
    }

    /** Drops what is still in flight (after a failure) and stops the threads before the caller wipes the key. */
    @Override
    public void close() {
        first = null;
        inFlight.forEach(future -> future.cancel(true));
        inFlight.clear();
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
