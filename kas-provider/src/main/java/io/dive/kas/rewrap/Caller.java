package io.dive.kas.rewrap;

import io.dive.kas.admission.RewrapQuota;
import io.dive.kas.keys.KasKeySet;

/**
 * A rewrap request's origin and target: who asks, from where, through which KAS (its URL as key
 * access objects must name it), which key provider and the realm's key set in it, and the realm's
 * rewrap rate limits with their counters.
 */
public record Caller(String realm, Requester requester, String kasUrl, String clientAddress, String keyProviderId,
        KasKeySet keys, RewrapQuota quota) {

    public Caller {
        quota = quota == null ? RewrapQuota.UNLIMITED : quota;
    }

    /** A caller of a realm without rate limits. */
    public Caller(String realm, Requester requester, String kasUrl, String clientAddress, String keyProviderId, KasKeySet keys) {
        this(realm, requester, kasUrl, clientAddress, keyProviderId, keys, RewrapQuota.UNLIMITED);
    }
}
