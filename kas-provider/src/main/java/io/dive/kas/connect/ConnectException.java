package io.dive.kas.connect;

import io.dive.kas.rewrap.KasFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * A Connect error: its code, a message for the client (what to send instead; nothing about keys)
 * and, for a request that was not admitted, when to retry (sent as {@code Retry-After}).
 */
public final class ConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ConnectCode code;
    private final transient Duration retryAfter;

    public ConnectException(ConnectCode code, String message) {
        this(code, message, null);
    }

    private ConnectException(ConnectCode code, String message, Duration retryAfter) {
        super(message);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /**
     * A refused request as Connect error: the code of the status its REST endpoint sends (a rate
     * limit {@code resource_exhausted}, a node at capacity {@code unavailable}), its client message
     * and its {@code Retry-After}.
     */
    public static ConnectException of(KasFailure failure) {
        return new ConnectException(ConnectCode.ofHttpStatus(failure.kind().status()), failure.clientMessage(),
                failure.retryAfter().orElse(null));
    }

    public ConnectCode code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
