package io.dive.bench;

import io.dive.it.OtlpReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The OTLP/HTTP receiver of {@link ObservabilityCostBenchmark} in a JVM of its own, so that its CPU
 * (decoding every exported span) is counted apart from the stack's and the load generator's.
 * {@link #start} launches it and is its handle (URL, spans received, CPU time); {@link #main} is the
 * receiver, which prints its URL, then the spans received for each line read from stdin, until EOF.
 */
public final class SpanSink implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final String url;

    private SpanSink(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.url = out.readLine();
        if (url == null || !url.startsWith("http://")) {
            throw new IllegalStateException("the span sink did not start (" + url + ")");
        }
    }

    /** The receiver in a new JVM on this one's class path. */
    static SpanSink start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new SpanSink(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SpanSink.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** The base URL exporters are given ({@code DIVE_TRACING_ENDPOINT}). */
    String url() {
        return url;
    }

    /** Spans received so far. */
    long spans() throws IOException {
        in.println();
        return Long.parseLong(out.readLine().trim());
    }

    /** The receiver's CPU seconds so far (user + system). */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
        }
    }

    public static void main(String[] args) throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println(receiver.url());
            System.out.flush();
            while (stdin.readLine() != null) {
                System.out.println(receiver.received());
                System.out.flush();
            }
        }
    }
}
