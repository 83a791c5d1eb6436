package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dive.kas.KasRealmSettings;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.client.KasCircuitBreaker;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.KasClientException;
import io.dive.ztdf.client.ZtdfClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real KAS (the broker's, the Italian and the British realm's) asked at once, one of them
 * behind a gateway in this test that can be switched to "down" (503) and then stopped: any-of files
 * still open, the circuit breaker stops asking the dead KAS once it opens, split files need all.
 */
@ExtendWith(DiveStackExtension.class)
class MultiKasIT {

    @TempDir
    Path dir;

    /** A gateway in front of a KAS; {@code down} answers 503 as a KAS whose server is stopped behind a proxy would. */
    private static final class Gateway implements AutoCloseable {
        final HttpServer server;
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger rewraps = new AtomicInteger();

        Gateway(String target) throws IOException {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                if (exchange.getRequestURI().getPath().endsWith("/v2/rewrap")) {
                    rewraps.incrementAndGet();
                }
                byte[] body;
                int status;
                if (down.get()) {
                    status = 503;
                    body = "{\"error\":\"unavailable\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                } else {
                    try (InputStream in = exchange.getRequestBody()) {
                        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()));
                        for (String header : List.of("Authorization", "Content-Type")) {
                            String value = exchange.getRequestHeaders().getFirst(header);
                            if (value != null) {
                                forward.header(header, value);
                            }
                        }
                        HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                        status = response.statusCode();
                        body = response.body();
                        response.headers().firstValue("Content-Type")
                                .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        status = 502;
                        body = new byte[0];
                    }
                }
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String url(String realm) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + realm + "/kas";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void anyOfOpensWithOneKasDeadAndTheBreakerStopsAskingIt(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String broker = stack.keycloakUrl() + "/realms/dive-broker";
        try (Gateway gateway = new Gateway(stack.keycloakUrl())) {
            String britain = gateway.url("dive-gbr");
            enableKas(keycloak, "dive-ita", broker, "");
            enableKas(keycloak, "dive-gbr", broker, britain);
            try {
                List<String> kas = List.of(broker + "/kas", stack.keycloakUrl() + "/realms/dive-ita/kas", britain);
                KasCircuitBreaker breaker = new KasCircuitBreaker(new KasCircuitBreaker.Settings(3, Duration.ofMinutes(5)));
                ZtdfClient client = new ZtdfClient(new KasClient(), Set.of(britain), breaker);
                String token = KasIT.token(stack, "usa", "usa-secret");
                Path plain = dir.resolve("plain.bin");
                byte[] data = new byte[200_000];
                new Random(7).nextBytes(data);
                Files.write(plain, data);

                Path anyOf = dir.resolve("any-of.ztdf");
                client.encrypt(plain, anyOf, KasIT.secretRelUsaGbr(), kas, KeyAlgorithm.RSA_2048, false, done -> { });
                Path split = dir.resolve("split.ztdf");
                client.encrypt(plain, split, KasIT.secretRelUsaGbr(), kas, KeyAlgorithm.EC_P256, true, done -> { });
                try (ZtdfReader reader = ZtdfReader.open(split)) {
                    assertThat(reader.keyAccessBySplit()).hasSize(3);
                }
                for (Path file : List.of(anyOf, split)) {
                    Path out = dir.resolve(file.getFileName() + ".out");
                    client.decrypt(file, out, token, done -> { });
                    assertThat(Files.mismatch(plain, out)).as(file.getFileName() + " with three KAS up").isEqualTo(-1L);
                }
                assertThat(gateway.rewraps.get()).as("the British KAS was asked for its share").isPositive();

                gateway.down.set(true);
                int rounds = 0;
                while (!breaker.isOpen(britain) && rounds < 20) {
                    Path out = dir.resolve("down-" + rounds);
                    client.decrypt(anyOf, out, token, done -> { });
                    assertThat(Files.mismatch(plain, out)).as("any-of with the British KAS down").isEqualTo(-1L);
                    rounds++;
                }
                assertThat(breaker.isOpen(britain)).as("the breaker opened").isTrue();
                int askedWhileDown = gateway.rewraps.get();
                for (int i = 0; i < 3; i++) {
                    client.decrypt(anyOf, dir.resolve("open-" + i), token, done -> { });
                }
                assertThat(gateway.rewraps.get()).as("not asked while its circuit is open").isEqualTo(askedWhileDown);
                assertThatThrownBy(() -> client.decrypt(split, dir.resolve("split-down.out"), token, done -> { }))
                        .as("a split file needs every share").isInstanceOfSatisfying(KasClientException.class,
                                e -> assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAVAILABLE));
                assertThat(dir.resolve("split-down.out")).doesNotExist();

                gateway.close(); // stopped: connections refused
                ZtdfClient fresh = new ZtdfClient(new KasClient(), Set.of(britain));
                Path out = dir.resolve("stopped.out");
                fresh.decrypt(anyOf, out, token, done -> { });
                assertThat(Files.mismatch(plain, out)).as("any-of with the British KAS stopped").isEqualTo(-1L);
            } finally {
                // As the other tests expect them: the Italian KAS does not trust the broker's tokens.
                for (String realm : List.of("dive-ita", "dive-gbr")) {
                    keycloak.setRealmAttribute(realm, KasRealmSettings.TRUSTED_ISSUERS, "");
                    keycloak.setRealmAttribute(realm, KasRealmSettings.PUBLIC_URL, "");
                }
                keycloak.setRealmAttribute("dive-gbr", KasRealmSettings.ENABLED, "false");
            }
        }
    }

    /** The realm's KAS on, trusting the broker's tokens, at {@code publicUrl} (blank: its own address). */
    static void enableKas(KeycloakClient keycloak, String realm, String brokerIssuer, String publicUrl) {
        keycloak.setRealmAttribute(realm, KasRealmSettings.ENABLED, "true");
        keycloak.setRealmAttribute(realm, KasRealmSettings.TRUSTED_ISSUERS, brokerIssuer);
        keycloak.setRealmAttribute(realm, KasRealmSettings.PUBLIC_URL, publicUrl);
        // The realm's own software keys, whatever another test (KeyProvidersIT) pointed it at.
        keycloak.setRealmAttribute(realm, KasRealmSettings.KEY_PROVIDER, "");
        keycloak.setRealmAttribute(realm, KasRealmSettings.KEY_SET, "");
    }
}
