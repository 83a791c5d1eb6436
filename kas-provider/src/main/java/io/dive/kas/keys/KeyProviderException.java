package io.dive.kas.keys;

/**
 * A key provider could not do what was asked. The message is for the log (never for the client);
 * {@link #unavailable()} separates "the HSM/KMS is down" from "this key or ciphertext is wrong".
 */
public final class KeyProviderException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean unavailable;

    public KeyProviderException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    public static KeyProviderException unavailable(String message, Throwable cause) {
        return new KeyProviderException(message, true, cause);
    }

    public static KeyProviderException rejected(String message, Throwable cause) {
        return new KeyProviderException(message, false, cause);
    }

    public boolean unavailable() {
        return unavailable;
    }
}
