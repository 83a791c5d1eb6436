package io.dive.ztdf;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The primitives ZTDF uses, in one place. */
final class Crypto {

    static final int KEY_BYTES = 32;
    static final int IV_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** {@code IV || ciphertext || tag} of one segment. */
    static byte[] encryptSegment(byte[] key, byte[] plaintext, int length) throws GeneralSecurityException {
        byte[] iv = random(IV_BYTES);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
        byte[] out = new byte[IV_BYTES + length + TAG_BYTES];
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        ByteBuffer in = DirectBuffers.take(length);
        ByteBuffer sealed = DirectBuffers.take(length + TAG_BYTES);
        try {
            in.put(plaintext, 0, length).flip();
            cipher.doFinal(in, sealed);
            sealed.flip().get(out, IV_BYTES, length + TAG_BYTES);
        } finally {
            DirectBuffers.give(in);
            DirectBuffers.give(sealed);
        }
        return out;
    }

    /** The plaintext of {@code IV || ciphertext || tag}; throws if the tag does not verify. */
    static byte[] decryptSegment(byte[] key, byte[] sealed, int length) throws GeneralSecurityException {
        if (length < IV_BYTES + TAG_BYTES) {
            throw new GeneralSecurityException("segment shorter than IV and tag");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, IV_BYTES));
        byte[] out = new byte[length - IV_BYTES - TAG_BYTES];
        ByteBuffer in = DirectBuffers.take(length - IV_BYTES);
        ByteBuffer plain = DirectBuffers.take(out.length);
        try {
            in.put(sealed, IV_BYTES, length - IV_BYTES).flip();
            cipher.doFinal(in, plain);
            plain.flip().get(out);
        } finally {
            DirectBuffers.give(in);
            DirectBuffers.give(plain);
        }
        return out;
    }

    /**
     * Direct buffers for the cipher's input and output. With heap arrays on both sides, the JDK's AES-GCM
     * decrypts a whole segment in one call that stays in interpreted GHASH code for most of a
     * cold run (JDK 17 and 25 alike: 40–100 MB/s here); from a direct buffer it works in 512-byte
     * calls that the JIT compiles to the AES-GCM intrinsics within the first segments (0.3–1.1 GB/s
     * per core cold; JDK 17 encrypts twice as fast into a direct buffer as into an array). A few
     * segment-sized buffers are kept for reuse, two per busy thread.
     */
    private static final class DirectBuffers {
        private static final java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> FREE =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        static ByteBuffer take(int capacity) {
            ByteBuffer buffer = FREE.poll();
            if (buffer == null || buffer.capacity() < capacity) {
                // Rounded up, so that a segment's input and output (16 bytes apart) share buffers.
                buffer = ByteBuffer.allocateDirect((capacity + 64 + 0xFFFF) & ~0xFFFF);
            }
            return buffer.clear().limit(capacity);
        }

        static void give(ByteBuffer buffer) {
            if (FREE.size() < 4 * Runtime.getRuntime().availableProcessors()) {
                FREE.offer(buffer);
            }
        }
    }

    /** The GMAC segment hash: the GCM tag, i.e. the last 16 bytes of the sealed segment. */
    static byte[] gmac(byte[] sealed, int length) {
        return Arrays.copyOfRange(sealed, length - TAG_BYTES, length);
    }

    static String base64Url(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }
}
