package io.dive.ztdf;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

/**
 * Encrypt and decrypt throughput of the ZTDF library for a file of the given size (MiB), with the
 * plaintext generated on the fly and the output on disk. Not a unit test: run with
 * {@code mvn -q -pl ztdf test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.dive.ztdf.ZtdfThroughputBenchmark -Dexec.args="512"}.
 */
public final class ZtdfThroughputBenchmark {

    private ZtdfThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        long bytes = mib << 20;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair kas = generator.generateKeyPair();
        Path file = Files.createTempFile("ztdf-bench", ".ztdf");
        try {
            for (int run = 1; run <= 3; run++) {
                // Baseline in the same run: the same plaintext copied to the same disk, no crypto, no zip.
                long copyStarted = System.nanoTime();
                try (InputStream in = new PatternStream(bytes); OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
                long started = System.nanoTime();
                try (InputStream in = new PatternStream(bytes); OutputStream out = Files.newOutputStream(file)) {
                    new ZtdfWriter().write(in, out, new ZtdfWriter.Request(ZtdfRoundTripTest.label(),
                            List.of(new KasRecipient("http://kas", "r1", "",
                                    KeyWrapper.rsaOaep(kas.getPublic(), KeyWrapping.OaepHash.SHA1))),
                            null, ZtdfWriter.DEFAULT_SEGMENT_SIZE));
                }
                double encryptSeconds = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                try (ZtdfReader reader = ZtdfReader.open(file)) {
                    reader.decrypt(ZtdfRoundTripTest.unwrap(reader, kas.getPrivate()), OutputStream.nullOutputStream(), done -> { });
                }
                double decryptSeconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("run %d: %d MiB, plain copy %.0f MB/s, encrypt %.0f MB/s (%.2f of copy), decrypt %.0f MB/s%n",
                        run, mib, bytes / 1e6 / copySeconds, bytes / 1e6 / encryptSeconds, copySeconds / encryptSeconds,
                        bytes / 1e6 / decryptSeconds);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A cheap, non-constant plaintext of a given length. */
    private static final class PatternStream extends InputStream {
        private long remaining;
        private byte next;

        PatternStream(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return next++ & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = next++;
            }
            remaining -= n;
            return n;
        }
    }
}
