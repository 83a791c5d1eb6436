package io.dive.kas.rewrap;

import io.dive.kas.keys.KasKeySet;
import java.util.List;

/**
 * A rewrap request's origin and target: who asks, from where, through which KAS (its URL as key
 * access objects must name it, and the other URLs it answers at), which key provider and the
 * realm's key set in it.
 *
 * @param otherKasUrls further URLs of the same KAS that key access objects may name (its Keycloak
 *     path {@code <base>realms/<realm>/kas} when {@code dive.kas.url} names a proxy origin)
 */
public record Caller(String realm, Requester requester, String kasUrl, List<String> otherKasUrls, String clientAddress,
        String keyProviderId, KasKeySet keys) {

    public Caller {
        otherKasUrls = List.copyOf(otherKasUrls);
    }

    public Caller(String realm, Requester requester, String kasUrl, String clientAddress, String keyProviderId, KasKeySet keys) {
        this(realm, requester, kasUrl, List.of(), clientAddress, keyProviderId, keys);
    }

    /** True when {@code url} names this KAS (a trailing slash aside). */
    public boolean names(String url) {
        String wanted = trimSlash(url);
        return trimSlash(kasUrl).equals(wanted) || otherKasUrls.stream().anyMatch(other -> trimSlash(other).equals(wanted));
    }

    private static String trimSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : String.valueOf(url);
    }
}
