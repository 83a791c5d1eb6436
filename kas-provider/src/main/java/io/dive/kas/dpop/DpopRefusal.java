package io.dive.kas.dpop;

/**
 * Why a DPoP-bound request got no key. Its message is for the client: it says what to send instead
 * (nothing about keys); the KAS answers Connect {@code unauthenticated} (REST: 401
 * {@code invalid_dpop_proof}), or {@code unavailable} when the replay check itself cannot run.
 */
public final class DpopRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    private DpopRefusal(String message, boolean unavailable) {
        super(message);
        this.unavailable = unavailable;
    }

    /** The client sent something wrong. */
    public static DpopRefusal of(String message) {
        return new DpopRefusal(message, false);
    }

    /** The KAS cannot check the proof now (its replay store is down): fail closed, retry later. */
    public static DpopRefusal unavailable(String message) {
        return new DpopRefusal(message, true);
    }

    public boolean unavailable() {
        return unavailable;
    }
}
