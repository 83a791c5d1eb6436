package io.dive.ztdf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAccessType;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.PolicyBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client honours the KAS's Retry-After on 429 / 503, a bounded number of times. */
class KasClientRetryTest {

    private record Answer(int status, String retryAfter) {
    }

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server = start();

    private HttpServer start() {
        return LocalServer.start("/kas/v2/rewrap", exchange -> {
            requests.incrementAndGet();
            Answer answer = answers.isEmpty() ? new Answer(503, "0") : answers.poll();
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] body = "{\"error\":\"busy\",\"error_description\":\"retry later\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void rewrap() throws KasClientException {
        String kas = "http://127.0.0.1:" + server.getAddress().getPort() + "/kas";
        new KasClient(Duration.ofSeconds(5), KeyAlgorithm.RSA_2048).rewrap(kas, "token", "e30=", new KeyAccessObject(
                KeyAccessType.WRAPPED, kas, null, "AAAA", PolicyBinding.compute(new byte[32], "e30="), "kid-1", null, null, null));
    }

    @Test
    void aRefusalWithRetryAfterIsRetriedAndTheFinalAnswerCounts() {
        answers.add(new Answer(429, "0"));
        answers.add(new Answer(503, "0"));
        answers.add(new Answer(401, null));
        assertThatThrownBy(this::rewrap).isInstanceOfSatisfying(KasClientException.class,
                e -> assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAUTHENTICATED));
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void retriesAreBounded() {
        assertThatThrownBy(this::rewrap).isInstanceOfSatisfying(KasClientException.class,
                e -> assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAVAILABLE));
        assertThat(requests.get()).isEqualTo(1 + KasClient.MAX_RETRIES);
    }

    @Test
    void a503WithoutRetryAfterOrATooLongWaitIsNotRetried() {
        answers.add(new Answer(503, null));
        assertThatThrownBy(this::rewrap).isInstanceOf(KasClientException.class);
        assertThat(requests.get()).isEqualTo(1);
        answers.add(new Answer(429, "3600"));
        assertThatThrownBy(this::rewrap).isInstanceOf(KasClientException.class);
        assertThat(requests.get()).isEqualTo(2);
    }
}
