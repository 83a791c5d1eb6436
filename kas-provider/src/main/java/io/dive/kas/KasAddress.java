package io.dive.kas;

import io.dive.kas.rewrap.KasFailure;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.urls.HostnameProvider;
import org.keycloak.urls.UrlType;

/**
 * Where this KAS is, never taken from the request's {@code Host} header (a client chooses that):
 * the base URL of this Keycloak, under which its own realms issue tokens, and the KAS URL key access
 * objects must name.
 *
 * <p>The base is Keycloak's frontend URL when its hostname settings fix it ({@code --hostname} as a
 * URL, or the realm's {@code frontendUrl}); otherwise (no hostname, or a bare host name, which
 * Keycloak completes from the request) it is what Keycloak's hostname provider makes of the address
 * and port the connection arrived on at the socket. The KAS URL is the realm's {@code dive.kas.url};
 * without it, in development mode only, {@code <base>realms/<realm>/kas}; in production mode the
 * realm must set it (the KAS answers 503 until it does).
 *
 * @param base this Keycloak's base URL, ending in {@code /}
 * @param kasUrl the URL of this realm's KAS
 */
public record KasAddress(URI base, String kasUrl) {

    /**
     * The address from what Keycloak knows (pure: the Keycloak glue is {@link #of}).
     *
     * @param configuredUrl the realm's {@code dive.kas.url}, or null
     * @param fixedFrontend Keycloak's frontend base URL when it does not depend on the request
     * @param hostnames what Keycloak's hostname provider makes of a base URL
     * @param socketBase the scheme, local address and port the connection arrived on, and the context path
     * @param devMode whether Keycloak runs {@code start-dev}
     * @throws KasFailure {@code KAS_URL_UNSET} in production mode without {@code dive.kas.url}
     */
    static KasAddress resolve(String realm, String configuredUrl, Optional<URI> fixedFrontend, UnaryOperator<URI> hostnames,
            URI socketBase, boolean devMode) throws KasFailure {
        URI base = withSlash(fixedFrontend.orElseGet(() -> hostnames.apply(socketBase)));
        if (configuredUrl != null) {
            return new KasAddress(base, configuredUrl);
        }
        if (!devMode) {
            throw new KasFailure(KasFailure.Kind.KAS_URL_UNSET, "Keycloak runs in production mode and realm " + realm
                    + " does not set " + KasRealmSettings.PUBLIC_URL + " (the KAS URL is never taken from the request)");
        }
        return new KasAddress(base, base + "realms/" + realm + "/" + KasResourceProviderFactory.PROVIDER_ID);
    }

    /** This realm's KAS address as Keycloak is configured, for the current request's connection. */
    static KasAddress of(KeycloakSession session, RealmModel realm, KasRealmSettings settings) throws KasFailure {
        HostnameProvider hostnames = session.getProvider(HostnameProvider.class);
        UnaryOperator<URI> frontend = uri -> hostnames.getBaseUri(probe(uri), UrlType.FRONTEND);
        return resolve(realm.getName(), settings.publicUrl(), fixed(frontend), frontend, socketBase(session),
                Environment.isDevMode());
    }

    /**
     * Every URL of this realm's KAS: {@link #kasUrl} first, then its Keycloak path
     * ({@code <base>realms/<realm>/kas}) when {@code dive.kas.url} names another (a proxy origin).
     */
    java.util.List<String> kasUrls(String realm) {
        String keycloakPath = base + "realms/" + realm + "/" + KasResourceProviderFactory.PROVIDER_ID;
        return keycloakPath.equals(kasUrl) ? java.util.List.of(kasUrl) : java.util.List.of(kasUrl, keycloakPath);
    }

    /** The issuer of tokens of realm {@code realm} of this Keycloak. */
    String issuer(String realm) {
        return Urls.realmIssuer(base, realm);
    }

    /** The name of the realm of this Keycloak whose issuer is {@code issuer}, if it is one. */
    Optional<String> localRealm(String issuer) {
        String prefix = base + "realms/";
        if (issuer == null || !issuer.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = URLDecoder.decode(issuer.substring(prefix.length()), StandardCharsets.UTF_8);
        return name.isEmpty() || !issuer(name).equals(issuer) ? Optional.empty() : Optional.of(name);
    }

    /** The frontend base URL when two unrelated requests get the same one: then the hostname settings fix it. */
    private static Optional<URI> fixed(UnaryOperator<URI> frontend) {
        try {
            URI a = frontend.apply(URI.create("http://dive-kas-probe-a.invalid:1/"));
            URI b = frontend.apply(URI.create("https://dive-kas-probe-b.invalid:2/probe/"));
            return a.equals(b) ? Optional.of(a) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The request's scheme and context path with the socket's local address and port (not the Host header). */
    private static URI socketBase(KeycloakSession session) {
        ClientConnection connection = session.getContext().getConnection();
        UriInfo request = session.getContext().getUri().getDelegate();
        String host = connection.getLocalAddr();
        return UriBuilder.fromUri(request.getBaseUri()).host(host != null && host.contains(":") ? "[" + host + "]" : host)
                .port(connection.getLocalPort()).build();
    }

    private static URI withSlash(URI uri) {
        return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    }

    /** A stand-in request for the hostname provider: it only reads the base and request URIs. */
    private static UriInfo probe(URI base) {
        return (UriInfo) Proxy.newProxyInstance(KasAddress.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBaseUri", "getRequestUri", "getAbsolutePath" -> base;
                    case "getBaseUriBuilder", "getRequestUriBuilder", "getAbsolutePathBuilder" -> UriBuilder.fromUri(base);
                    case "toString" -> "probe " + base;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
