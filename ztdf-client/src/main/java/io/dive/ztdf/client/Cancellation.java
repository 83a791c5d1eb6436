package io.dive.ztdf.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets the fan-out stop a KAS request under way. {@link KasHttp}'s blocking I/O ignores thread
 * interrupts, so a cancelled request is disconnected instead: the client stops waiting and does
 * not open the answer, and the KAS sees its connection close. A cancellation may hold others
 * (a split's requests to its alternatives): cancelling it cancels them.
 */
public final class Cancellation {

    /** Undoes an {@link #onCancel} once the work it could abort is over. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Runnable> aborts = new ArrayList<>();
    private boolean cancelled;

    /** True once {@link #cancel} was called. */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Cancels: runs every registered abort (once), now and for any registered later. */
    public void cancel() {
        List<Runnable> due;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            due = new ArrayList<>(aborts);
            aborts.clear();
        }
        due.forEach(Runnable::run);
    }

    /** A cancellation cancelled with this one (and on its own). */
    Cancellation child() {
        Cancellation child = new Cancellation();
        onCancel(child::cancel);
        return child;
    }

    /** Runs {@code abort} when cancelled (at once if already) until the registration is closed. */
    Registration onCancel(Runnable abort) {
        synchronized (this) {
            if (!cancelled) {
                aborts.add(abort);
                return () -> {
                    synchronized (this) {
                        aborts.remove(abort);
                    }
                };
            }
        }
        abort.run();
        return () -> { };
    }
}
