package io.dive.support;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a provider factory opens on first use rather than at start (a Redis pool, an HSM session, a
 * KMS client, a keystore): a backend that is down at start then shows in health and in the first
 * request that needs it, instead of stopping Keycloak, and requests that never need it never touch
 * it. The first caller opens it, under a lock, exactly once; concurrent callers wait and share the
 * result. A failed open is not remembered: the next call tries again (an opener that must not be
 * retried at once, such as a PIN login, keeps its own back-off).
 *
 * @param <T> the opened resource
 * @param <E> the checked exception the opener throws ({@link RuntimeException} for none)
 */
public final class LazyResource<T, E extends Exception> {

    /** Opens the resource; runs under the lock, so at most once at a time. */
    @FunctionalInterface
    public interface Opener<T, E extends Exception> {
        T open() throws E;
    }

    private final Opener<T, E> opener;
    private final Consumer<? super T> release;
    private volatile T resource;

    /** {@code release} runs on {@link #close()} for a resource that was opened. */
    public LazyResource(Opener<T, E> opener, Consumer<? super T> release) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.release = Objects.requireNonNull(release, "release");
    }

    /** A resource with nothing to release: {@link #close()} only forgets it. */
    public LazyResource(Opener<T, E> opener) {
        this(opener, resource -> { });
    }

    /** The resource, opened now if no earlier call opened it. */
    public T get() throws E {
        T current = resource;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (resource == null) {
                resource = Objects.requireNonNull(opener.open(), "the opener returned null");
            }
            return resource;
        }
    }

    /** Releases the resource if it was opened and forgets it: the next {@link #get()} opens again. */
    public synchronized void close() {
        T current = resource;
        resource = null;
        if (current != null) {
            release.accept(current);
        }
    }
}
