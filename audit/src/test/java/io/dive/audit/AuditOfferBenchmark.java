package io.dive.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@link AuditWriter#offer} costs the request thread: encoding a key-release record and
 * appending its line to the journal, per fsync policy, with 1 and 8 threads offering at once (the
 * writer thread reads the journal behind them into a sink that only counts). Beside it, encoding
 * alone. Not a test: run it by hand.
 *
 * <pre>
 * mvn -q -pl audit test-compile org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.audit.AuditOfferBenchmark -Dexec.args="/tmp/dive-offer-bench 100000"
 * </pre>
 */
public final class AuditOfferBenchmark {

    private AuditOfferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/dive-offer-bench");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        KeyRelease record = Records.keyRelease("usa-secret@dive-usa", KeyRelease.PERMIT, "SECRET", Instant.now());
        System.out.printf("one key-release journal line: %d bytes%n",
                AuditEncoding.journalLine(AuditEncoding.encode(record)).length() + 1);
        for (int round = 1; round <= 2; round++) {
            System.out.printf("round %d: encode only, 1 thread: %s%n", round, percentiles(time(1, count,
                    () -> AuditEncoding.journalLine(AuditEncoding.encode(record)))));
            for (JournalFsync fsync : JournalFsync.values()) {
                for (int threads : new int[] {1, 8}) {
                    int n = fsync == JournalFsync.ALWAYS ? Math.max(1, count / 50) : count;
                    Path journal = Files.createDirectories(dir.resolve(fsync + "-" + threads + "-" + round));
                    try (AuditWriter writer = new AuditWriter(counting(), journal, Long.MAX_VALUE, 200, Duration.ofSeconds(2),
                            fsync, Duration.ofSeconds(1))) {
                        System.out.printf("round %d: offer, fsync %-8s %d thread(s), %,d offers: %s%n", round,
                                fsync.name().toLowerCase(java.util.Locale.ROOT), threads, n,
                                percentiles(time(threads, n, () -> writer.offer(record))));
                    }
                }
            }
        }
    }

    /** Per-call latencies (ns) of {@code threads} threads each calling {@code call} {@code count / threads} times. */
    private static long[] time(int threads, int count, Runnable call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    long[] times = new long[count / threads];
                    for (int i = 0; i < times.length; i++) {
                        long t0 = System.nanoTime();
                        call.run();
                        times[i] = System.nanoTime() - t0;
                    }
                    return times;
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                all.add(future.get());
            }
            return all.stream().flatMapToLong(Arrays::stream).sorted().toArray(); // round 1 is the warm-up
        } finally {
            pool.shutdown();
        }
    }

    private static String percentiles(long[] sorted) {
        return String.format("p50 %.1f µs, p95 %.1f µs, p99 %.1f µs, mean %.1f µs", sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.95)] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3,
                Arrays.stream(sorted).average().orElse(0) / 1e3);
    }

    private static AuditSink counting() {
        return new AuditSink() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void write(List<AuditEncoding.Entry> batch) {
                // Stored nowhere: the cost measured is the request thread's.
            }

            @Override
            public void close() {
            }
        };
    }
}
