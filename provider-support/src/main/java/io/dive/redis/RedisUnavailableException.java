package io.dive.redis;

/** Redis cannot be used now; the message says why in one sentence, naming the setting to check. */
public final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
