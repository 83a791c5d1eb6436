package io.dive.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway in front of a KAS (MultiKasIT, MultiKasBenchmark): it forwards, counts rewraps, can be
 * switched to {@code down} (503, as a KAS whose server is stopped behind a proxy answers) and closed
 * (connections refused, as a stopped KAS).
 */
public final class KasGateway implements AutoCloseable {

    private final HttpServer server;
    /** While set, every request is answered 503. */
    public final AtomicBoolean down = new AtomicBoolean();
    /** Rewrap requests received, forwarded or not. */
    public final AtomicInteger rewraps = new AtomicInteger();

    public KasGateway(String target) throws IOException {
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
                body = "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
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

    /** The URL of {@code realm}'s KAS through this gateway. */
    public String url(String realm) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + realm + "/kas";
    }

    /** Stops listening: connections are refused from now on. */
    @Override
    public void close() {
        server.stop(0);
    }
}
