package io.dive.ztdf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The {@code 0.payload} entry: AES-256-GCM segments ({@code IV || ciphertext || tag}) sealed and
 * opened on all cores ({@link OrderedParallel}), read and written in order in one pass.
 */
final class Payload {

    /** What sealing produced: the segments' sizes and hashes, for the manifest. */
    record Sealed(List<Manifest.Segment> segments, long plaintextBytes) {
    }

    private record Segment(byte[] sealed, int plaintextLength) {
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
        long[] total = {0};
        try (OrderedParallel<Segment> work = new OrderedParallel<>(segment -> {
            zip.write(segment.sealed(), 0, segment.sealed().length);
            segments.add(new Manifest.Segment(Crypto.gmac(segment.sealed(), segment.sealed().length),
                    segment.plaintextLength(), segment.sealed().length));
            total[0] += segment.plaintextLength();
            progress.accept(total[0]);
        })) {
            int read;
            boolean first = true;
            do {
                byte[] buffer = new byte[segmentSize];
                read = plaintext.readNBytes(buffer, 0, segmentSize);
                if (read == 0 && !first) {
                    break;
                }
                int length = read;
                work.submit(() -> {
                    try {
                        return new Segment(SegmentCipher.encrypt(dataKey, buffer, length), length);
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
        long[] done = {0};
        try (OrderedParallel<byte[]> work = new OrderedParallel<>(plain -> {
            out.write(plain);
            done[0] += plain.length;
            progress.accept(done[0]);
        })) {
            for (int i = 0; i < segments.size(); i++) {
                Manifest.Segment segment = segments.get(i);
                byte[] sealed = payload.readNBytes(segment.encryptedSegmentSize());
                int index = i;
                if (sealed.length != segment.encryptedSegmentSize()) {
                    work.finish(); // an earlier segment's failure is the one to report
                    throw integrity("the payload ends inside segment " + index + " (a segment is missing or truncated)");
                }
                if (!MessageDigest.isEqual(Crypto.gmac(sealed, sealed.length), segment.hash())) {
                    work.finish();
                    throw integrity("segment " + index + " does not match its hash (changed, dropped or reordered)");
                }
                work.submit(() -> {
                    try {
                        return SegmentCipher.decrypt(dataKey, sealed, sealed.length);
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
