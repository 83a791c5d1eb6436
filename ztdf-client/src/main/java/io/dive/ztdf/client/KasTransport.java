package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;

/** Asks the KAS a key access object names for its key (share); {@link KasClient} over HTTP, a fake in tests. */
public interface KasTransport {

    /**
     * The data key (or key share) of {@code kao}, or why the KAS released none. Once {@code cancellation}
     * is cancelled the request stops (its answer, if any, is not opened) and throws.
     */
    byte[] rewrap(String bearerToken, String policy, KeyAccessObject kao, Cancellation cancellation) throws KasClientException;
}
