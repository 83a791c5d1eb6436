package io.dive.ztdf.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 to a KAS through {@link HttpURLConnection} (keep-alive connections pooled by the JDK),
 * stopped by a {@link Cancellation} through {@code disconnect()}: the connection ignores interrupts.
 * Not {@code java.net.http.HttpClient}: in the tool's fresh JVM that client cost ~0.3 s of CPU to
 * build (it sets up TLS even for {@code http://}), and its selector thread, waiting in native code,
 * held every exit for another 0.3 s (the JVM waits for such threads); measured in BENCHMARKS.md.
 */
final class KasHttp {

    /** A KAS answer: status, body (the error body for a refusal) and {@code Retry-After} when sent. */
    record Response(int status, String body, Optional<String> retryAfter) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BODY_BYTES = 4 << 20;

    private KasHttp() {
    }

    /** The exchange was stopped by its {@link Cancellation}: the answer, if any, was not read. */
    static final class CancelledException extends IOException {
        CancelledException() {
            super("cancelled: another KAS answered first or the file's key is refused");
        }
    }

    static Response get(String url, Duration timeout) throws IOException {
        return send("GET", url, Map.of(), null, timeout, new Cancellation());
    }

    static Response post(String url, Map<String, String> headers, String body, Duration timeout, Cancellation cancellation)
            throws IOException {
        return send("POST", url, headers, body.getBytes(StandardCharsets.UTF_8), timeout, cancellation);
    }

    private static Response send(String method, String url, Map<String, String> headers, byte[] body, Duration timeout,
            Cancellation cancellation) throws IOException {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        } catch (IllegalArgumentException | ClassCastException | java.net.MalformedURLException e) {
            throw new IllegalArgumentException("not an http(s) URL: " + url, e);
        }
        connection.setRequestMethod(method);
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        connection.setRequestProperty("Accept", "application/json");
        headers.forEach(connection::setRequestProperty);
        if (body != null) {
            connection.setDoOutput(true); // buffered, not streamed: the JDK then re-sends once on a stale keep-alive connection
        }
        // disconnect() closes the socket a blocked read waits on (and tells the JDK not to re-send);
        // it does nothing before connect() has set the socket up, hence the check right after it.
        try (Cancellation.Registration registered = cancellation.onCancel(connection::disconnect)) {
            connection.connect();
            if (cancellation.isCancelled()) {
                connection.disconnect();
                throw new CancelledException();
            }
            return exchange(connection, body);
        } catch (IOException | RuntimeException e) {
            if (cancellation.isCancelled()) {
                throw new CancelledException(); // the JDK's own error for a socket closed under it says nothing
            }
            throw e;
        }
    }

    private static Response exchange(HttpURLConnection connection, byte[] body) throws IOException {
        if (body != null) {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String text = "";
        if (stream != null) {
            // Read to the end and closed: the connection goes back to the keep-alive pool.
            try (InputStream in = stream) {
                byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    connection.disconnect();
                    throw new IOException("the answer is larger than " + MAX_BODY_BYTES + " bytes");
                }
                text = new String(bytes, StandardCharsets.UTF_8);
            }
        }
        return new Response(status, text, Optional.ofNullable(connection.getHeaderField("Retry-After")));
    }
}
