package io.dive.kas.rewrap;

import io.dive.kas.keys.KasKeyProvider;

/**
 * A rewrap request's origin and target: who asks, from where, through which KAS (its URL as key
 * access objects must name it) and which key provider.
 */
public record Caller(String realm, Requester requester, String kasUrl, String clientAddress, String keyProviderId,
        KasKeyProvider keys) {
}
