package io.dive.ztdf;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM of one payload segment ({@code IV || ciphertext || tag}), fed to the JDK the way that
 * is fast in a cold process — measured here, 1 MiB segments:
 * <ul>
 * <li>From heap arrays, a segment is one call whose GHASH stays in interpreted code until the JIT
 * has compiled the whole call chain, which a few hundred calls never make it do: 40–100 MB/s on
 * JDK 17 and 25 alike.</li>
 * <li>From direct buffers, the JDK works in 512-byte calls that are compiled to the AES-GCM
 * intrinsics within the first segments: 0.3–1.1 GB/s per core from the start.</li>
 * <li>Once those calls are compiled, JDK 25 runs heap arrays through its AVX-512 AES-GCM intrinsic
 * a whole segment at a time: 4–8 GB/s per core, without the copies into and out of direct
 * buffers. JDK 17 does not (its array path stays slow).</li>
 * </ul>
 * So segments go through direct buffers first and, on JDK 25+, through arrays after 32 MiB; an
 * array segment that is slow (in its thread's CPU time, so a busy machine does not count) sends
 * the process back to direct buffers for another 32 MiB, then 64, 128 … (at most 1 GiB).
 * <p>
 * The tool's launcher has the JIT compile the JDK's GCM code after a hundredth of the usual calls
 * and says so with {@value #GCM_COMPILED_EARLY} = true: then, on JDK 25+, arrays are fast after the
 * first 4 MiB and are used from there on, without the slowness check (the adaptive start above cost
 * 0.3-0.5 s of CPU on a 512 MiB encrypt: the first array segments, not yet compiled, sent it back
 * to direct buffers for 32 MiB and more).
 * <p>
 * One instance per payload, one {@link Cipher} per thread in it: re-initialised with the same key,
 * the JDK keeps its AES key schedule, where a fresh {@code Cipher} per segment made it again for
 * every segment, and the JIT compiled that key expansion over and over (0.36 s of C2 time in a
 * 512 MiB encrypt, measured with JFR).
 */
final class SegmentCipher {

    static final int IV_BYTES = Crypto.IV_BYTES;
    static final int TAG_BYTES = Crypto.TAG_BYTES;
    /** The system property the launcher sets when it has the JDK's GCM code compiled early. */
    static final String GCM_COMPILED_EARLY = "io.dive.ztdf.gcmCompiledEarly";
    private static final boolean ARRAYS_CAN_BE_FAST = Runtime.version().feature() >= 25;
    private static final boolean COMPILED_EARLY = ARRAYS_CAN_BE_FAST && Boolean.getBoolean(GCM_COMPILED_EARLY);
    private static final long DIRECT_FIRST = 32L << 20;
    /** Above this an array segment counts as slow: about 330 MB/s of CPU time. */
    private static final long SLOW_NANOS_PER_BYTE = 3;
    private static final AtomicLong BYTES_DONE = new AtomicLong();
    private static final AtomicLong DIRECT_UNTIL = new AtomicLong(DIRECT_FIRST);
    private static final AtomicLong BACK_TO_DIRECT = new AtomicLong(DIRECT_FIRST);
    private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers = new ThreadLocal<>();

    SegmentCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    private Cipher cipher() throws GeneralSecurityException {
        Cipher cipher = ciphers.get();
        if (cipher == null) {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            ciphers.set(cipher);
        }
        return cipher;
    }

    /** Writes {@code IV || ciphertext || tag} of {@code plaintext[0, length)} into {@code sealed}; returns its length. */
    int encrypt(byte[] plaintext, int length, byte[] sealed) throws GeneralSecurityException {
        byte[] iv = Crypto.random(IV_BYTES);
        Cipher cipher = cipher();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
        System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
        boolean arrays = arrays();
        long started = arrays && !COMPILED_EARLY ? cpuNanos() : 0;
        if (arrays) {
            cipher.doFinal(plaintext, 0, length, sealed, IV_BYTES);
        } else {
            ByteBuffer in = take(length);
            ByteBuffer out = take(length + TAG_BYTES);
            try {
                in.put(plaintext, 0, length).flip();
                cipher.doFinal(in, out);
                out.flip().get(sealed, IV_BYTES, length + TAG_BYTES);
            } finally {
                give(in);
                give(out);
            }
        }
        done(arrays, length, started);
        return IV_BYTES + length + TAG_BYTES;
    }

    /**
     * Writes the plaintext of {@code sealed[0, length)} into {@code plain}; returns its length, or
     * throws if the tag does not verify.
     */
    int decrypt(byte[] sealed, int length, byte[] plain) throws GeneralSecurityException {
        if (length < IV_BYTES + TAG_BYTES) {
            throw new GeneralSecurityException("segment shorter than IV and tag");
        }
        Cipher cipher = cipher();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, IV_BYTES));
        int plainLength = length - IV_BYTES - TAG_BYTES;
        boolean arrays = arrays();
        long started = arrays && !COMPILED_EARLY ? cpuNanos() : 0;
        if (arrays) {
            cipher.doFinal(sealed, IV_BYTES, length - IV_BYTES, plain, 0);
        } else {
            ByteBuffer in = take(length - IV_BYTES);
            ByteBuffer out = take(plainLength);
            try {
                in.put(sealed, IV_BYTES, length - IV_BYTES).flip();
                cipher.doFinal(in, out);
                out.flip().get(plain, 0, plainLength);
            } finally {
                give(in);
                give(out);
            }
        }
        done(arrays, plainLength, started);
        return plainLength;
    }

    /** With the GCM code compiled early: direct buffers for the first segments, whose 512-byte calls compile first. */
    private static final long EARLY_DIRECT = 4L << 20;

    private static boolean arrays() {
        return COMPILED_EARLY ? BYTES_DONE.get() >= EARLY_DIRECT : ARRAYS_CAN_BE_FAST && BYTES_DONE.get() >= DIRECT_UNTIL.get();
    }

    private static void done(boolean arrays, int length, long startedCpuNanos) {
        long total = BYTES_DONE.addAndGet(length);
        if (COMPILED_EARLY) {
            return;
        }
        if (arrays && length >= (256 << 10) && cpuNanos() - startedCpuNanos > length * SLOW_NANOS_PER_BYTE) {
            // Twice as long each time: where arrays stay slow (a CPU without the intrinsic), retries become rare.
            DIRECT_UNTIL.set(total + BACK_TO_DIRECT.getAndUpdate(stretch -> Math.min(stretch * 2, 1L << 30)));
        }
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** A direct buffer of at least {@code capacity} bytes; a few are kept for reuse, two per busy thread. */
    private static ByteBuffer take(int capacity) {
        ByteBuffer buffer = FREE.poll();
        if (buffer == null || buffer.capacity() < capacity) {
            // Rounded up, so that a segment's input and output (16 bytes apart) share buffers.
            buffer = ByteBuffer.allocateDirect((capacity + 64 + 0xFFFF) & ~0xFFFF);
        }
        return buffer.clear().limit(capacity);
    }

    private static void give(ByteBuffer buffer) {
        if (FREE.size() < 4 * Runtime.getRuntime().availableProcessors()) {
            FREE.offer(buffer);
        }
    }
}
