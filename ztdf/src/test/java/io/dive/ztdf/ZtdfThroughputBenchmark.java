package io.dive.ztdf;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Random;

/**
 * Warm (in-process) throughput of the ZTDF library, file to file as the tool does it, against
 * {@code cp} of the same file in the same run. The plaintext is written just before, so the page
 * cache holds it (and every output), for {@code cp} and the library alike. Run 1 includes the JIT's
 * warm-up; later runs are warm. Not a unit test: run with {@code mvn -q -pl ztdf test-compile
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.dive.ztdf.ZtdfThroughputBenchmark
 * -Dexec.args="512 5"}. The cold figures (a fresh JVM per file, as a user runs the tool) come from
 * {@code scripts/bin/ztdf-bench}.
 */
public final class ZtdfThroughputBenchmark {

    private ZtdfThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair kas = generator.generateKeyPair();
        Path dir = Files.createTempDirectory("ztdf-bench");
        Path plain = dir.resolve("plain.bin");
        Path copy = dir.resolve("copy.bin");
        Path file = dir.resolve("file.ztdf");
        Path out = dir.resolve("out.bin");
        try {
            byte[] block = new byte[1 << 20];
            Random random = new Random(1);
            try (OutputStream target = Files.newOutputStream(plain)) {
                for (long i = 0; i < mib; i++) {
                    random.nextBytes(block);
                    target.write(block);
                }
            }
            double megabytes = (mib << 20) / 1e6;
            System.out.printf("%d MiB, %d cores, Java %s; the plaintext written just before; \"cached\": the share of it in"
                    + " the page cache as each run starts (fincore)%n", mib, Runtime.getRuntime().availableProcessors(), Runtime.version());
            for (int run = 1; run <= runs; run++) {
                // New files every run: replacing one costs a truncate (and a discard on ext4 with discard).
                for (Path output : List.of(copy, file, out)) {
                    Files.deleteIfExists(output);
                }
                String cached = cached(plain);
                long started = System.nanoTime();
                Process cp = new ProcessBuilder("cp", plain.toString(), copy.toString()).inheritIO().start();
                if (cp.waitFor() != 0) {
                    throw new IllegalStateException("cp failed");
                }
                double copySeconds = seconds(started);
                started = System.nanoTime();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(plain), 1 << 16);
                        OutputStream target = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    new ZtdfWriter().write(in, target, new ZtdfWriter.Request(ZtdfRoundTripTest.label(),
                            List.of(new KasRecipient("http://kas", "r1", "", KeyWrapper.rsaOaep(kas.getPublic(), KeyWrapping.OaepHash.SHA1))),
                            null, ZtdfWriter.DEFAULT_SEGMENT_SIZE));
                }
                double encryptSeconds = seconds(started);
                started = System.nanoTime();
                try (ZtdfReader reader = ZtdfReader.open(file);
                        OutputStream target = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                    reader.decrypt(ZtdfRoundTripTest.unwrap(reader, kas.getPrivate()), target, done -> { });
                }
                double decryptSeconds = seconds(started);
                System.out.printf("run %d%s: cached %s; cp %.0f MB/s; encrypt %.0f MB/s (%.2f of cp); decrypt %.0f MB/s (%.2f of cp)%n", run,
                        run == 1 ? " (JIT warm-up)" : "", cached, megabytes / copySeconds, megabytes / encryptSeconds,
                        copySeconds / encryptSeconds, megabytes / decryptSeconds, copySeconds / decryptSeconds);
                if (Files.mismatch(plain, out) != -1) {
                    throw new IllegalStateException("the decrypted file differs");
                }
            }
        } finally {
            for (Path path : List.of(plain, copy, file, out)) {
                Files.deleteIfExists(path);
            }
            Files.delete(dir);
        }
    }

    /** The share of {@code file} in the page cache by {@code fincore} (util-linux), or "unknown". */
    private static String cached(Path file) throws Exception {
        try {
            Process fincore = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                    .redirectErrorStream(true).start();
            String resident = new String(fincore.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            return fincore.waitFor() == 0 ? Long.parseLong(resident) * 100 / Math.max(1, Files.size(file)) + " %" : "unknown";
        } catch (java.io.IOException | NumberFormatException e) {
            return "unknown";
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
