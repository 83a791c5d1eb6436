package io.dive.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on a loopback port, as a collector would be one: {@code POST
 * /v1/traces} (any path) with an {@code ExportTraceServiceRequest} in protobuf (gzip'd or not), answered with
 * an empty {@code ExportTraceServiceResponse}. Keeps the spans of the traces it is told to
 * {@link #watch} and counts all others (what Keycloak and OPA export for every other request).
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span: the service that sent it, its ids (hex; parent empty for a root) and its string attributes. */
    public record Span(String service, String traceId, String spanId, String parentSpanId, String name,
            Map<String, String> attributes) {
        /** Whether the name or an attribute value (the URL path, say) contains {@code text}. */
        public boolean mentions(String text) {
            return name.contains(text) || attributes.values().stream().anyMatch(value -> value.contains(text));
        }
    }

    private final HttpServer server;
    private final List<String> watched = new CopyOnWriteArrayList<>();
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            // Any path: exporters differ in whether they append /v1/traces to the endpoint they are given.
            server.createContext("/", receiver::export);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL exporters are given ({@code DIVE_TRACING_ENDPOINT}). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Keeps the spans of {@code traceId} (hex) from now on. */
    public void watch(String traceId) {
        watched.add(traceId);
    }

    /** Spans received in all, watched or not. */
    public long received() {
        return received.get();
    }

    /** The spans of {@code traceId} once {@code complete} holds for them, within {@code timeout}; else those seen. */
    public List<Span> await(String traceId, Predicate<List<Span>> complete, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Span> trace = trace(traceId);
        while (!complete.test(trace) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            trace = trace(traceId);
        }
        return trace;
    }

    public List<Span> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (!"POST".equals(exchange.getRequestMethod()) || !type.startsWith("application/x-protobuf")) {
                exchange.sendResponseHeaders(415, -1); // this receiver speaks OTLP/HTTP protobuf only
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                String service = attribute(resourceSpans.getResource(), "service.name").orElse("");
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
                        received.incrementAndGet();
                        keep(service, span);
                    }
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private void keep(String service, io.opentelemetry.proto.trace.v1.Span span) {
        String traceId = HexFormat.of().formatHex(span.getTraceId().toByteArray());
        if (!watched.contains(traceId)) {
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue attribute : span.getAttributesList()) {
            attributes.put(attribute.getKey(), attribute.getValue().hasStringValue() ? attribute.getValue().getStringValue()
                    : attribute.getValue().toString().strip());
        }
        spans.add(new Span(service, traceId, HexFormat.of().formatHex(span.getSpanId().toByteArray()),
                HexFormat.of().formatHex(span.getParentSpanId().toByteArray()), span.getName(), attributes));
    }

    private static Optional<String> attribute(Resource resource, String key) {
        return resource.getAttributesList().stream().filter(a -> a.getKey().equals(key))
                .map(a -> a.getValue().getStringValue()).findFirst();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
