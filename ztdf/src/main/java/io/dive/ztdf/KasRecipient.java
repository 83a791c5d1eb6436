package io.dive.ztdf;

import java.util.Objects;

/**
 * A KAS the data key is wrapped for.
 *
 * @param url the KAS base URL written into the key access object
 * @param kid the id of the KAS key used
 * @param sid the key split id ("" when the key is not split); objects with the same sid are alternatives
 * @param wrapper wraps the data key with the KAS public key
 */
public record KasRecipient(String url, String kid, String sid, KeyWrapper wrapper) {
    public KasRecipient {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(wrapper, "wrapper");
    }
}
