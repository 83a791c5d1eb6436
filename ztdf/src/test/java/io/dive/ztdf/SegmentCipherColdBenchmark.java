package io.dive.ztdf;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM of N one-MiB segments in a fresh JVM, fed three ways: {@code arrays} (heap arrays,
 * one call per segment), {@code direct} (direct buffers), {@code tool} ({@link SegmentCipher}, what
 * the tool does). Run each in its own process, on each JDK, e.g. {@code java -cp <test-classes:classes>
 * io.dive.ztdf.SegmentCipherColdBenchmark decrypt tool 512}; in-memory, no I/O.
 */
public final class SegmentCipherColdBenchmark {

    private SegmentCipherColdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean encrypt = "encrypt".equals(args[0]);
        String feed = args[1];
        int segments = Integer.parseInt(args[2]);
        int size = 1 << 20;
        byte[] key = Crypto.random(32);
        byte[] plain = new byte[size];
        new SecureRandom().nextBytes(plain);
        byte[] sealed = new byte[SegmentCipher.IV_BYTES + size + SegmentCipher.TAG_BYTES];
        SegmentCipher tool = new SegmentCipher(key);
        tool.encrypt(plain, size, sealed);
        byte[] out = new byte[sealed.length];
        ByteBuffer in = ByteBuffer.allocateDirect(sealed.length);
        ByteBuffer result = ByteBuffer.allocateDirect(sealed.length);
        long started = System.nanoTime();
        for (int i = 0; i < segments; i++) {
            if ("tool".equals(feed)) {
                if (encrypt) {
                    tool.encrypt(plain, size, out);
                } else {
                    tool.decrypt(sealed, sealed.length, out);
                }
                continue;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] iv = encrypt ? Crypto.random(12) : java.util.Arrays.copyOf(sealed, 12);
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] source = encrypt ? plain : sealed;
            int offset = encrypt ? 0 : 12;
            int length = encrypt ? size : sealed.length - 12;
            if ("arrays".equals(feed)) {
                cipher.doFinal(source, offset, length, out, 0);
            } else {
                in.clear();
                in.put(source, offset, length).flip();
                result.clear();
                cipher.doFinal(in, result);
                result.flip().get(out, 0, result.remaining());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s %s, Java %d: %d MiB in %.3f s, %.0f MB/s%n", args[0], feed, Runtime.version().feature(), segments,
                seconds, segments * 1.048576 / seconds);
    }
}
