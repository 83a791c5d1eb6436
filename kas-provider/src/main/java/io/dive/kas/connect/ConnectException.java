package io.dive.kas.connect;

/** A Connect error: its code and a message for the client (what to send instead; nothing about keys). */
public final class ConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ConnectCode code;

    public ConnectException(ConnectCode code, String message) {
        super(message);
        this.code = code;
    }

    public ConnectCode code() {
        return code;
    }
}
