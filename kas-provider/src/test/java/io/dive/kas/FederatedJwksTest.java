package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyUse;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.util.JsonSerialization;

/** Federated issuers' keys: a bounded fetch, the JWKS on the issuer's origin, one lock per issuer. */
class FederatedJwksTest {

    private final java.util.List<HttpServer> servers = new java.util.ArrayList<>();
    private final FederatedJwks jwks = new FederatedJwks(Duration.ZERO, Clock.systemUTC());

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    /** An issuer at its own port: discovery names {@code jwksUri} (relative to the server when it starts with /). */
    private String issuer(String jwksUri, byte[] jwksBody, CountDownLatch holdDiscovery, AtomicInteger jwksHits) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/realms/r/.well-known/openid-configuration", exchange -> {
            try {
                holdDiscovery.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"issuer\":\"" + base + "/realms/r\",\"jwks_uri\":\"" + (jwksUri.startsWith("/") ? base + jwksUri
                    : jwksUri) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/certs", exchange -> {
            jwksHits.incrementAndGet();
            exchange.sendResponseHeaders(200, jwksBody.length);
            exchange.getResponseBody().write(jwksBody);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return base + "/realms/r";
    }

    private static byte[] keySet(String kid) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        JSONWebKeySet set = new JSONWebKeySet();
        set.setKeys(new JWK[] {JWKBuilder.create().kid(kid).algorithm("RS256").rsa(pair.getPublic(), KeyUse.SIG)});
        return JsonSerialization.writeValueAsBytes(set);
    }

    private static CountDownLatch open() {
        return new CountDownLatch(0);
    }

    @Test
    void signingKeysOfTheIssuersOwnOriginAreUsed() throws Exception {
        String issuer = issuer("/certs", keySet("k1"), open(), new AtomicInteger());
        assertThat(jwks.signingKey(issuer, "k1")).isPresent();
        assertThat(jwks.signingKey(issuer, "k2")).isEmpty();
    }

    @Test
    void aJwksUriOnAnotherOriginIsNeverFetched() throws Exception {
        AtomicInteger elsewhereHits = new AtomicInteger();
        String elsewhere = issuer("/certs", keySet("k1"), open(), elsewhereHits);
        String issuer = issuer(elsewhere.replace("/realms/r", "/certs"), new byte[0], open(), new AtomicInteger());
        assertThat(jwks.signingKey(issuer, "k1")).isEmpty();
        assertThat(elsewhereHits.get()).isZero();
    }

    @Test
    void aJwksLargerThanTheCapIsRefused() throws Exception {
        byte[] set = keySet("k1");
        String padded = new String(set, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(
                FederatedJwks.MAX_DOCUMENT_BYTES) + "\",");
        String issuer = issuer("/certs", padded.getBytes(StandardCharsets.UTF_8), open(), new AtomicInteger());
        assertThat(jwks.signingKey(issuer, "k1")).isEmpty();
    }

    @Test
    void aSlowIssuerDelaysOnlyItsOwnTokens() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        String stuck = issuer("/certs", keySet("k1"), slow, new AtomicInteger());
        String quick = issuer("/certs", keySet("k2"), open(), new AtomicInteger());
        try {
            CompletableFuture<?> waiting = CompletableFuture.supplyAsync(() -> jwks.signingKey(stuck, "k1"));
            Thread.sleep(200); // the first fetch now holds its issuer's lock, waiting for discovery
            assertThat(CompletableFuture.supplyAsync(() -> jwks.signingKey(quick, "k2")).get(2, TimeUnit.SECONDS)).isPresent();
            assertThat(waiting).isNotDone();
        } finally {
            slow.countDown();
        }
    }

    @Test
    void originsCompareSchemeHostAndPort() {
        assertThat(FederatedJwks.sameOrigin("https://idp.example/realms/r", "https://IDP.example:443/certs")).isTrue();
        assertThat(FederatedJwks.sameOrigin("https://idp.example/realms/r", "http://idp.example/certs")).isFalse();
        assertThat(FederatedJwks.sameOrigin("https://idp.example/realms/r", "https://idp.example.evil/certs")).isFalse();
        assertThat(FederatedJwks.sameOrigin("https://idp.example/realms/r", "https://idp.example:8443/certs")).isFalse();
        assertThat(FederatedJwks.sameOrigin("https://idp.example/realms/r", "not a uri")).isFalse();
    }
}
