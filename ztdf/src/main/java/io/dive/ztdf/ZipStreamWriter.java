package io.dive.ztdf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A minimal streaming zip writer: STORED entries with a data descriptor (sizes and CRC after the
 * data), ZIP64 where sizes or offsets need it. {@link java.util.zip.ZipOutputStream} can stream only
 * DEFLATED entries, and pushes every byte through the deflater in 512-byte steps — most of the
 * encrypt time for ciphertext that does not compress anyway.
 */
final class ZipStreamWriter {

    private static final long ZIP64_LIMIT = 0xFFFFFFFFL;
    private final long zip64Limit;
    /** 1980-01-01 00:00 in DOS format: a fixed time keeps output free of the writer's clock. */
    private static final int DOS_TIME = 0;
    private static final int DOS_DATE = (1 << 5) | 1;

    private record Entry(byte[] name, long offset, long size, long crc) {
    }

    private final OutputStream out;
    private final List<Entry> entries = new ArrayList<>();
    private long written;
    private byte[] currentName;
    private long currentOffset;
    private long currentSize;
    private final CRC32 crc = new CRC32();
    private final byte[] scratch = new byte[64];

    ZipStreamWriter(OutputStream out) {
        this(out, ZIP64_LIMIT);
    }

    /** With a lower ZIP64 threshold, so that tests can exercise the ZIP64 records on small data. */
    ZipStreamWriter(OutputStream out, long zip64Limit) {
        this.out = out;
        this.zip64Limit = zip64Limit;
    }

    void startEntry(String name) throws IOException {
        currentName = name.getBytes(StandardCharsets.UTF_8);
        currentOffset = written;
        currentSize = 0;
        crc.reset();
        int p = 0;
        p = int32(p, 0x04034b50);
        p = int16(p, 45);           // version needed: ZIP64
        p = int16(p, 0x0808);       // bit 3: data descriptor; bit 11: UTF-8 names
        p = int16(p, 0);            // STORED
        p = int16(p, DOS_TIME);
        p = int16(p, DOS_DATE);
        p = int32(p, 0);            // CRC: in the data descriptor
        p = int32(p, -1);           // sizes: 0xFFFFFFFF, see the ZIP64 extra field (APPNOTE 4.3.9.2)
        p = int32(p, -1);
        p = int16(p, currentName.length);
        p = int16(p, 20);
        emit(p);
        emit(currentName, 0, currentName.length);
        // The size is unknown while streaming: announce ZIP64, so that the data descriptor carries
        // 8-byte sizes and forward-reading tools handle entries over 4 GiB.
        p = 0;
        p = int16(p, 0x0001);
        p = int16(p, 16);
        p = int64(p, 0);
        p = int64(p, 0);
        emit(p);
    }

    void write(byte[] data, int offset, int length) throws IOException {
        crc.update(data, offset, length);
        emit(data, offset, length);
        currentSize += length;
    }

    void closeEntry() throws IOException {
        int p = 0;
        p = int32(p, 0x08074b50);
        p = int32(p, (int) crc.getValue());
        p = int64(p, currentSize);  // ZIP64 descriptor: the local header announced ZIP64
        p = int64(p, currentSize);
        emit(p);
        entries.add(new Entry(currentName, currentOffset, currentSize, crc.getValue()));
    }

    /** Writes the central directory (and ZIP64 end records when needed); does not close the stream. */
    void finish() throws IOException {
        long directoryStart = written;
        for (Entry entry : entries) {
            boolean big = entry.size() >= zip64Limit || entry.offset() >= zip64Limit;
            int p = 0;
            p = int32(p, 0x02014b50);
            p = int16(p, 45);       // made by
            p = int16(p, 45);       // needed
            p = int16(p, 0x0808);
            p = int16(p, 0);
            p = int16(p, DOS_TIME);
            p = int16(p, DOS_DATE);
            p = int32(p, (int) entry.crc());
            p = int32(p, (int) (big ? ZIP64_LIMIT : entry.size()));
            p = int32(p, (int) (big ? ZIP64_LIMIT : entry.size()));
            p = int16(p, entry.name().length);
            p = int16(p, big ? 28 : 0); // extra: ZIP64 sizes and offset
            p = int16(p, 0);        // comment
            p = int16(p, 0);        // disk
            p = int16(p, 0);        // internal attributes
            p = int32(p, 0);        // external attributes
            p = int32(p, (int) (big ? ZIP64_LIMIT : entry.offset()));
            emit(p);
            emit(entry.name(), 0, entry.name().length);
            if (big) {
                p = 0;
                p = int16(p, 0x0001);
                p = int16(p, 24);
                p = int64(p, entry.size());
                p = int64(p, entry.size());
                p = int64(p, entry.offset());
                emit(p);
            }
        }
        long directorySize = written - directoryStart;
        boolean zip64 = directoryStart >= zip64Limit || entries.stream().anyMatch(e -> e.size() >= zip64Limit || e.offset() >= zip64Limit);
        if (zip64) {
            long zip64End = written;
            int p = 0;
            p = int32(p, 0x06064b50);
            p = int64(p, 44);
            p = int16(p, 45);
            p = int16(p, 45);
            p = int32(p, 0);
            p = int32(p, 0);
            p = int64(p, entries.size());
            p = int64(p, entries.size());
            p = int64(p, directorySize);
            p = int64(p, directoryStart);
            emit(p);
            p = 0;
            p = int32(p, 0x07064b50);
            p = int32(p, 0);
            p = int64(p, zip64End);
            p = int32(p, 1);
            emit(p);
        }
        int p = 0;
        p = int32(p, 0x06054b50);
        p = int16(p, 0);
        p = int16(p, 0);
        p = int16(p, zip64 ? 0xFFFF : entries.size());
        p = int16(p, zip64 ? 0xFFFF : entries.size());
        p = int32(p, (int) (zip64 ? ZIP64_LIMIT : directorySize));
        p = int32(p, (int) (zip64 ? ZIP64_LIMIT : directoryStart));
        p = int16(p, 0);
        emit(p);
        out.flush();
    }

    private void emit(int length) throws IOException {
        emit(scratch, 0, length);
    }

    private void emit(byte[] data, int offset, int length) throws IOException {
        out.write(data, offset, length);
        written += length;
    }

    private int int16(int at, int value) {
        scratch[at] = (byte) value;
        scratch[at + 1] = (byte) (value >>> 8);
        return at + 2;
    }

    private int int32(int at, int value) {
        int16(at, value);
        return int16(at + 2, value >>> 16);
    }

    private int int64(int at, long value) {
        int32(at, (int) value);
        return int32(at + 4, (int) (value >>> 32));
    }
}
