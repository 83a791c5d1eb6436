package io.dive.ztdf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KasHttp against a local server: a cancelled exchange is disconnected at once, answered ones reuse their connection. */
class KasHttpTest {

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answered = new AtomicInteger();
    private final CountDownLatch slowReceived = new CountDownLatch(1);
    private final HttpServer server = start();

    private HttpServer start() {
        return LocalServer.start("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                slowReceived.countDown();
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            answered.incrementAndGet();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private KasHttp.Response post(String path, Cancellation cancellation) throws java.io.IOException {
        return KasHttp.post(url(path), Map.of("Content-Type", "application/json"), "{\"a\":1}", Duration.ofSeconds(10), cancellation);
    }

    @Test
    void aCancelledExchangeStopsAtOnceThoughItsThreadIgnoresInterrupts() throws Exception {
        Cancellation cancellation = new Cancellation();
        Future<KasHttp.Response> request = Executors.newSingleThreadExecutor().submit(() -> post("/slow", cancellation));
        assertThat(slowReceived.await(5, TimeUnit.SECONDS)).as("the request reached the server").isTrue();
        long started = System.nanoTime();
        cancellation.cancel();
        assertThatThrownBy(() -> request.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(KasHttp.CancelledException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("not after the server's 3 s").isLessThan(1000);
        assertThat(post("/fast", new Cancellation()).status()).as("the next exchange works").isEqualTo(200);
    }

    @Test
    void aRequestCancelledBeforeItIsSentIsNotSent() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> post("/fast", cancellation)).isInstanceOf(KasHttp.CancelledException.class);
        assertThat(answered.get()).isZero();
    }

    @Test
    void answeredExchangesReuseOneKeepAliveConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post("/fast", new Cancellation()).status()).isEqualTo(200);
        }
        assertThat(clientPorts).as("one TCP connection for five exchanges").hasSize(1);
    }
}
