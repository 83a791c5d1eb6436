package io.dive.kas.rewrap;

import io.dive.kas.keys.KasKeySet;

/**
 * A rewrap request's origin and target: who asks, from where, through which KAS (its URL as key
 * access objects must name it), which key provider and the realm's key set in it.
 */
public record Caller(String realm, Requester requester, String kasUrl, String clientAddress, String keyProviderId,
        KasKeySet keys) {
}
