package io.dive.kas;

import io.dive.model.SafeText;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Signing keys of allow-listed federated issuers, from their JWKS (found through OIDC discovery).
 * Only {@code use: sig} keys count (Keycloak publishes encryption keys in the same set). Keys are
 * kept for an hour; an unknown kid triggers a refetch, at most once per {@code minRefresh} per issuer.
 * The discovery document names the JWKS: it must be on the issuer's own origin (scheme, host, port),
 * both documents are read up to {@link #MAX_DOCUMENT_BYTES}, and each issuer is fetched under its
 * own lock, so a slow issuer delays only tokens of that issuer.
 */
final class FederatedJwks {

    private static final Logger LOG = Logger.getLogger(FederatedJwks.class);
    private static final Duration KEY_LIFETIME = Duration.ofHours(1);
    /** Keycloak's JWKS is a few KiB; anything this large is not a key set. */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /** Keys as last fetched ({@code fetched}: when they were fetched; {@code attempted}: last try). */
    private record Entry(Map<String, KeyWrapper> keys, Instant fetched, Instant attempted) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Entry> byIssuer = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Duration minRefresh;
    private final Clock clock;

    FederatedJwks(Duration minRefresh, Clock clock) {
        this.minRefresh = minRefresh;
        this.clock = clock;
    }

    /** The issuer's signing key with this kid; empty when the issuer (after a permitted refetch) has none. */
    Optional<KeyWrapper> signingKey(String issuer, String kid) {
        Entry entry = byIssuer.get(issuer);
        Instant now = clock.instant();
        boolean stale = entry == null || entry.fetched().plus(KEY_LIFETIME).isBefore(now);
        boolean unknown = entry != null && !entry.keys().containsKey(kid);
        if ((stale || unknown) && (entry == null || entry.attempted().plus(minRefresh).isBefore(now))) {
            entry = fetch(issuer, entry, now);
        }
        // Keys older than their lifetime are not trusted, even when the issuer cannot be reached.
        if (entry == null || entry.fetched().plus(KEY_LIFETIME).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.ofNullable(entry.keys().get(kid));
    }

    private Entry fetch(String issuer, Entry previous, Instant now) {
        synchronized (locks.computeIfAbsent(issuer, any -> new Object())) {
            Entry current = byIssuer.get(issuer);
            if (current != previous) {
                return current; // another thread refreshed meanwhile
            }
            try {
                String jwksUri = JsonSerialization.readValue(get(issuer + "/.well-known/openid-configuration"),
                        OIDCConfigurationRepresentation.class).getJwksUri();
                if (jwksUri == null || jwksUri.isEmpty()) {
                    throw new IllegalStateException("no jwks_uri in the discovery document");
                }
                if (!sameOrigin(issuer, jwksUri)) {
                    throw new IllegalStateException("jwks_uri " + SafeText.of(jwksUri) + " is not on the issuer's origin");
                }
                JSONWebKeySet set = JsonSerialization.readValue(get(jwksUri), JSONWebKeySet.class);
                Map<String, KeyWrapper> keys = new ConcurrentHashMap<>();
                JWKSUtils.getKeyWrappersForUse(set, JWK.Use.SIG).getKeys().stream().filter(key -> key.getKid() != null)
                        .forEach(key -> keys.put(key.getKid(), key));
                Entry entry = new Entry(Map.copyOf(keys), now, now);
                byIssuer.put(issuer, entry);
                LOG.debugf("DIVE KAS fetched %d signing keys of %s", keys.size(), issuer);
                return entry;
            } catch (Exception e) {
                LOG.warnf("DIVE KAS cannot fetch the signing keys of trusted issuer %s: %s", issuer, SafeText.of(e.getMessage(), 500));
                // Remember the attempt so that a broken issuer is not hammered; keep old keys if any.
                Entry kept = previous == null ? new Entry(Map.of(), Instant.EPOCH, now)
                        : new Entry(previous.keys(), previous.fetched(), now);
                byIssuer.put(issuer, kept);
                return kept;
            }
        }
    }

    /** Same scheme, host and port (default ports made explicit). */
    static boolean sameOrigin(String issuer, String url) {
        try {
            URI a = URI.create(issuer);
            URI b = URI.create(url);
            return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                    && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private String get(String url) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new IllegalStateException("GET " + url + " answered more than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
