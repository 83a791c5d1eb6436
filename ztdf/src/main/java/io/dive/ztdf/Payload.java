package io.dive.ztdf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The {@code 0.payload} entry: AES-256-GCM segments ({@code IV || ciphertext || tag}) sealed and
 * opened on all cores ({@link OrderedParallel}), read and written in order in one pass. The segment
 * arrays are reused (a handful, whatever the file size): fresh ones per segment kept the garbage
 * collector busy copying megabyte arrays.
 */
final class Payload {

    /** What sealing produced: the segments' sizes and hashes, for the manifest. */
    record Sealed(List<Manifest.Segment> segments, long plaintextBytes) {
    }

    /** One segment in flight: its input and output arrays, and how much of each is used. */
    private record Piece(byte[] in, int inLength, byte[] out, int outLength) {
    }

    /** Arrays for the segments in flight; used from the caller's thread only. */
    private static final class Arrays {
        private final ArrayDeque<byte[]> free = new ArrayDeque<>();
        private final int size;

        Arrays(int size) {
            this.size = size;
        }

        byte[] take() {
            byte[] array = free.poll();
            return array != null ? array : new byte[size];
        }

        void give(Piece piece) {
            free.push(piece.in());
            free.push(piece.out());
        }
    }

    private Payload() {
    }

    /**
     * Seals {@code plaintext} in segments of {@code segmentSize} bytes into the current entry of
     * {@code zip}. An empty input is one empty segment.
     */
    static Sealed seal(byte[] dataKey, InputStream plaintext, int segmentSize, ZipStreamWriter zip, LongConsumer progress)
            throws IOException, ZtdfException {
        List<Manifest.Segment> segments = new ArrayList<>();
        Arrays arrays = new Arrays(SegmentCipher.IV_BYTES + segmentSize + SegmentCipher.TAG_BYTES);
        SegmentCipher cipher = new SegmentCipher(dataKey);
        long[] total = {0};
        try (OrderedParallel<Piece> work = new OrderedParallel<>(piece -> {
            zip.write(piece.out(), 0, piece.outLength());
            segments.add(new Manifest.Segment(Crypto.gmac(piece.out(), piece.outLength()), piece.inLength(), piece.outLength()));
            total[0] += piece.inLength();
            arrays.give(piece);
            progress.accept(total[0]);
        })) {
            int read;
            boolean first = true;
            do {
                byte[] in = arrays.take();
                read = plaintext.readNBytes(in, 0, segmentSize);
                if (read == 0 && !first) {
                    break;
                }
                int length = read;
                byte[] out = arrays.take();
                work.submit(() -> {
                    try {
                        return new Piece(in, length, out, cipher.encrypt(in, length, out));
                    } catch (GeneralSecurityException e) {
                        throw new ZtdfException(ZtdfException.Reason.KEY_ACCESS, "encrypting a segment failed: " + e.getMessage(), e);
                    }
                });
                first = false;
            } while (read == segmentSize);
            work.finish();
        }
        return new Sealed(segments, total[0]);
    }

    /**
     * Opens the segments of {@code payload} to {@code out}; a segment is written only after it and
     * every segment before it verified.
     */
    static void open(byte[] dataKey, InputStream payload, List<Manifest.Segment> segments, OutputStream out,
            LongConsumer progress) throws IOException, ZtdfException {
        Arrays arrays = new Arrays(segments.stream().mapToInt(Manifest.Segment::encryptedSegmentSize).max().orElse(0));
        SegmentCipher cipher = new SegmentCipher(dataKey);
        long[] done = {0};
        try (OrderedParallel<Piece> work = new OrderedParallel<>(piece -> {
            out.write(piece.out(), 0, piece.outLength());
            done[0] += piece.outLength();
            arrays.give(piece);
            progress.accept(done[0]);
        })) {
            for (int i = 0; i < segments.size(); i++) {
                Manifest.Segment segment = segments.get(i);
                byte[] sealed = arrays.take();
                int length = payload.readNBytes(sealed, 0, segment.encryptedSegmentSize());
                int index = i;
                if (length != segment.encryptedSegmentSize()) {
                    work.finish(); // an earlier segment's failure is the one to report
                    throw integrity("the payload ends inside segment " + index + " (a segment is missing or truncated)");
                }
                if (!MessageDigest.isEqual(Crypto.gmac(sealed, length), segment.hash())) {
                    work.finish();
                    throw integrity("segment " + index + " does not match its hash (changed, dropped or reordered)");
                }
                byte[] plain = arrays.take();
                work.submit(() -> {
                    try {
                        return new Piece(sealed, length, plain, cipher.decrypt(sealed, length, plain));
                    } catch (GeneralSecurityException e) {
                        throw integrity("segment " + index + " does not decrypt");
                    }
                });
            }
            work.finish();
        }
        if (payload.read() != -1) {
            throw integrity("the payload holds data beyond its last segment");
        }
    }

    /** The segment hashes, concatenated in order (what the root signature and assertion bindings cover). */
    static byte[] segmentHashes(List<Manifest.Segment> segments) {
        java.io.ByteArrayOutputStream hashes = new java.io.ByteArrayOutputStream(segments.size() * Crypto.TAG_BYTES);
        segments.forEach(segment -> hashes.writeBytes(segment.hash()));
        return hashes.toByteArray();
    }

    private static ZtdfException integrity(String message) {
        return new ZtdfException(ZtdfException.Reason.SEGMENT_INTEGRITY, message);
    }
}
