package io.dive.bench;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import io.dive.opa.DecisionPoint;
import io.dive.opa.OpaClient;
import io.dive.opa.OpaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Round trips from the Java OPA client to the sidecar: one caller (latency) and many callers
 * (saturated throughput), each without and with the decision cache, in the same run. With an OPA
 * binary and the bundle, {@code opa bench} of the same query and input runs before and after the
 * uncached rows (issue 16): the eval-bound capacity is the cores ÷ its mean evaluation time, and the
 * rows are printed as ratios to it (16 callers) and to its p95 (1 caller).
 *
 * <pre>
 * ./dive start
 * DIVE_OPA_TOKEN="$(cat .dive/stack/opa/resource-server.token)" \
 * mvn -q -pl integration-tests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dive.bench.OpaClientBenchmark \
 *     -Dexec.args="http://127.0.0.1:18181 10 $(./dive opa-path) $PWD/.dive/stack/opa/dive-policy-bundle.tar.gz"
 * </pre>
 * Arguments: OPA URL, seconds per measurement (after an equal warm-up), optionally the OPA binary
 * and the bundle the sidecar serves. {@code DIVE_OPA_TOKEN}: the stack's resource-server token for
 * OPA (the token is a secret: environment, not an argument). {@code DIVE_OPA_PID}: OPA's process id,
 * to print its CPU per decision beside this process's own (the callers', from /proc);
 * {@code DIVE_OPA_BENCH_CACHE=off} skips the cached rows ({@code scripts/bench/opa-sidecar.sh});
 * {@code DIVE_OPA_BENCH_INPUT=trimmed} sends the input without the fields this decision does not read.
 */
public final class OpaClientBenchmark {

    private OpaClientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String opa = args.length > 0 ? args[0] : "http://127.0.0.1:18181";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        // DIVE_OPA_BENCH_INPUT=trimmed leaves out the three fields the decision does not need for this
        // subject (clearanceOriginal, issuer, requestId): what a smaller body would save (issue 16).
        boolean trimmed = "trimmed".equals(System.getenv("DIVE_OPA_BENCH_INPUT"));
        DecisionInput input = new DecisionInput(
                new DecisionInput.Subject("deu-secret@dive-deu", "SECRET", trimmed ? null : "GEHEIM", "DEU", "DEU", List.of("NATO"),
                        "GOV", "2", List.of("pwd", "otp"), System.currentTimeMillis() / 1000 - 60,
                        trimmed ? null : "http://127.0.0.1:18080/realms/dive-broker"),
                "read",
                new DecisionInput.Resource("doc-1", "SECRET", List.of("NATO", "FVEY"), List.of("NATO"), "ALL", List.of(),
                        "2026-01-01T00:00:00Z", null, null, null, true, true),
                trimmed ? null : new DecisionInput.Context(null, "bench"));
        java.nio.file.Path inputFile = java.nio.file.Files.createTempFile("dive-opa-bench", ".json");
        inputFile.toFile().deleteOnExit();
        java.nio.file.Files.writeString(inputFile, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(input));
        List<double[]> evaluations = new ArrayList<>();
        if (args.length > 3) {
            evaluations.add(opaBench(args[2], args[3], inputFile));
        }
        double[] uncached = new double[3];
        boolean[] cacheRows = "off".equals(System.getenv("DIVE_OPA_BENCH_CACHE")) ? new boolean[] {false}
                : new boolean[] {false, true};
        String opaPid = System.getenv("DIVE_OPA_PID");
        for (boolean cached : cacheRows) {
            for (int callers : new int[] {1, 16}) {
                OpaClient client = new OpaClient(OpaClientSettings.builder(opa).bearerToken(System.getenv("DIVE_OPA_TOKEN"))
                        .cacheTtl(cached ? Duration.ofSeconds(5) : Duration.ZERO).build());
                measure(client, input, callers, seconds); // warm-up
                System.err.printf("measuring callers=%d%n", callers); // scripts/bench/opa-sidecar.sh profiles OPA from here
                long ownCpu = cpuTicks("self");
                long opaCpu = opaPid == null ? 0 : cpuTicks(opaPid);
                Result result = measure(client, input, callers, seconds);
                double n = result.latencies.length;
                String cpu = String.format(", CPU per decision: callers %.3f ms", (cpuTicks("self") - ownCpu) * 10 / n)
                        + (opaPid == null ? "" : String.format(", OPA %.3f ms", (cpuTicks(opaPid) - opaCpu) * 10 / n));
                System.out.printf("%-9s callers=%2d: %,8.0f decisions/s, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms (n=%d)%s%n",
                        cached ? "cache" : "no cache", callers, result.rate(), result.percentile(50),
                        result.percentile(95), result.percentile(99), result.latencies.length, cpu);
                if (!cached && callers == 1) {
                    uncached[0] = result.percentile(95);
                } else if (!cached) {
                    uncached[1] = result.rate();
                }
            }
            if (!cached && args.length > 3) {
                evaluations.add(opaBench(args[2], args[3], inputFile));
            }
        }
        if (!evaluations.isEmpty()) {
            double meanMs = evaluations.stream().mapToDouble(e -> e[0]).average().orElseThrow();
            double p95Ms = evaluations.stream().mapToDouble(e -> e[1]).average().orElseThrow();
            int cores = Runtime.getRuntime().availableProcessors();
            double capacity = cores / (meanMs / 1000);
            System.out.printf("opa bench (before and after): mean %.3f ms, p95 %.3f ms; eval-bound capacity %d cores / mean = %,.0f/s%n",
                    meanMs, p95Ms, cores, capacity);
            System.out.printf("16 callers: %,.0f/s = %.2f x the eval-bound capacity (goal >= 0.8)%n", uncached[1],
                    uncached[1] / capacity);
            System.out.printf("1 caller: p95 %.3f ms = %.2f x the opa bench p95 (goal <= 2)%n", uncached[0], uncached[0] / p95Ms);
        }
    }

    /** utime + stime of a process (its pid, or "self") in clock ticks of 10 ms, from /proc. */
    private static long cpuTicks(String pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** {mean ms, p95 ms} of {@code opa bench} of dive.authz.decision for the input in {@code inputFile}. */
    private static double[] opaBench(String opaBinary, String bundle, java.nio.file.Path inputFile) throws Exception {
        Process process = new ProcessBuilder(opaBinary, "bench", "-b", bundle, "-i", inputFile.toString(), "--format", "json",
                "data.dive.authz.decision").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("opa bench failed: " + output);
        }
        com.fasterxml.jackson.databind.JsonNode extra = new com.fasterxml.jackson.databind.ObjectMapper().readTree(output).path("Extra");
        return new double[] {extra.path("histogram_timer_rego_query_eval_ns_mean").asDouble() / 1e6,
            extra.path("histogram_timer_rego_query_eval_ns_95%").asDouble() / 1e6};
    }

    private record Result(long[] latencies, double seconds) {
        double rate() {
            return latencies.length / seconds;
        }

        double percentile(double p) {
            int index = (int) Math.ceil(p / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }
    }

    private static Result measure(OpaClient client, DecisionInput input, int callers, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        Decision decision = client.decide(DecisionPoint.AUTHZ, input);
                        long elapsed = System.nanoTime() - t0;
                        if (!decision.allow()) {
                            throw new IllegalStateException("expected an allow: " + decision.reasons());
                        }
                        if (n == latencies.length) {
                            latencies = java.util.Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = elapsed;
                    }
                    return java.util.Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> parts = new ArrayList<>();
            int total = 0;
            for (Future<long[]> future : futures) {
                long[] part = future.get();
                parts.add(part);
                total += part.length;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] all = new long[total];
            int offset = 0;
            for (long[] part : parts) {
                System.arraycopy(part, 0, all, offset, part.length);
                offset += part.length;
            }
            java.util.Arrays.sort(all);
            return new Result(all, elapsed);
        } finally {
            pool.shutdownNow();
        }
    }
}
