package io.dive.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The write-ahead journal of the audit trail: every record is appended here on the request thread
 * (one {@code write()} to the OS, so it survives a killed process; a power loss only with
 * {@link JournalFsync#ALWAYS}) before the writer thread stores it. The writer reads from the
 * committed point, stores a chunk, then {@link #commit}s past it; a restart resumes from the
 * committed point, and the store's unique {@code _id} turns the one chunk that may have been
 * stored but not yet committed into a no-op. The journal is a series of segment files
 * ({@code journal-<n>.jsonl}, one line per record) so that stored ones can be deleted whole; the
 * committed point is a small file beside them, written without fsync (a stale one only repeats
 * records the store skips). A torn last line (the process died mid-write) is cut at open.
 *
 * <p>Over 300 lines on purpose (it is not split): appending, reading from the committed point,
 * committing and deleting segments share one lock and one segment cursor; split apart, each half
 * would need the other's state and the crash-ordering rules above would span two classes.
 */
final class Journal implements AutoCloseable {

    /** A new segment begins once the current one is this large. */
    static final long SEGMENT_BYTES = 16L << 20;
    /** Bytes read per chunk at most (records are far smaller). */
    private static final int READ_BYTES = 1 << 20;
    private static final String COMMITTED = "journal.committed";

    private final Path dir;
    private final JournalFsync fsync;
    private final long segmentBytes;
    private final AtomicLong pendingRecords = new AtomicLong();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final FileChannel committedFile;
    /** Guarded by {@code this}: the segment being appended to. */
    private FileChannel appendChannel;
    private long appendSegment;
    private long appendSize;
    /** The writer thread's: where storing resumes. */
    private long committedSegment;
    private long committedOffset;
    private FileChannel readChannel;
    private long readSegment = -1;
    private long unreadable;

    Journal(Path dir, JournalFsync fsync) throws IOException {
        this(dir, fsync, SEGMENT_BYTES);
    }

    Journal(Path dir, JournalFsync fsync, long segmentBytes) throws IOException {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        committedFile = FileChannel.open(dir.resolve(COMMITTED), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        TreeMap<Long, Path> segments = segments();
        readCommitted(segments);
        for (var segment : segments.headMap(committedSegment).values()) {
            Files.delete(segment);
        }
        appendSegment = segments.isEmpty() ? committedSegment : Math.max(committedSegment, segments.lastKey());
        appendChannel = FileChannel.open(segment(appendSegment), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        dropTornTail(appendChannel);
        appendSize = appendChannel.size();
        appendChannel.position(appendSize);
        countPending(segments);
    }

    Path dir() {
        return dir;
    }

    /** Appends one record's line (ending in a newline) with one write; request threads call it. */
    void append(byte[] line) throws IOException {
        FileChannel channel;
        synchronized (this) {
            if (appendSize >= segmentBytes) {
                roll();
            }
            channel = appendChannel;
            ByteBuffer bytes = ByteBuffer.wrap(line);
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                // A partial line would join the next one: cut it (best effort; the disk may be full).
                channel.truncate(appendSize);
                channel.position(appendSize);
                throw e;
            }
            appendSize += line.length;
            pendingBytes.addAndGet(line.length);
            pendingRecords.incrementAndGet();
        }
        if (fsync == JournalFsync.ALWAYS) {
            try {
                channel.force(false); // outside the lock: concurrent appenders share one flush
            } catch (ClosedChannelException rolled) {
                // The segment was rolled meanwhile, and forced before it was closed.
            }
        }
    }

    private void roll() throws IOException {
        appendChannel.force(false);
        appendChannel.close();
        appendSegment++;
        appendChannel = FileChannel.open(segment(appendSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        appendSize = 0;
    }

    /** Records appended and not yet committed. */
    long pendingRecords() {
        return pendingRecords.get();
    }

    long pendingBytes() {
        return pendingBytes.get();
    }

    /** Lines the journal could not read back (lost records). */
    long unreadable() {
        return unreadable;
    }

    /** Flushes what was appended to the disk (the writer thread's {@link JournalFsync#INTERVAL}). */
    void force() throws IOException {
        FileChannel channel;
        synchronized (this) {
            channel = appendChannel;
        }
        try {
            channel.force(false);
        } catch (ClosedChannelException rolled) {
            // Forced when it was rolled.
        }
    }

    /** Up to {@code max} of the oldest records not yet committed (empty: none complete yet); the writer thread's. */
    Chunk next(int max) throws IOException {
        while (true) {
            if (readSegment != committedSegment) {
                if (readChannel != null) {
                    readChannel.close();
                }
                readChannel = FileChannel.open(segment(committedSegment), StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                readSegment = committedSegment;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_BYTES, Math.max(0, readChannel.size() - committedOffset)));
            while (buffer.hasRemaining() && readChannel.read(buffer, committedOffset + buffer.position()) > 0) {
                // Read what is there.
            }
            Chunk chunk = lines(buffer.array(), buffer.position(), max);
            if (chunk.lines() > 0) {
                return chunk;
            }
            synchronized (this) {
                if (committedSegment >= appendSegment || committedOffset < readChannel.size()) {
                    return chunk; // nothing complete yet (or a line still being written)
                }
            }
            advanceTo(committedSegment + 1, 0); // a sealed segment is done: on to the next
        }
    }

    private Chunk lines(byte[] bytes, int length, int max) {
        List<AuditEncoding.Entry> entries = new ArrayList<>();
        int start = 0;
        int lines = 0;
        for (int i = 0; i < length && lines < max; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            try {
                entries.add(AuditEncoding.fromJournalLine(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
            } catch (RuntimeException torn) {
                unreadable++; // cannot be stored; skipping it keeps the rest flowing
            }
            lines++;
            start = i + 1;
        }
        return new Chunk(entries, lines, committedSegment, committedOffset + start, start);
    }

    /** The chunk is stored: resume after it; segments wholly stored are deleted. */
    void commit(Chunk chunk) throws IOException {
        pendingRecords.addAndGet(-chunk.lines());
        pendingBytes.addAndGet(-chunk.bytes());
        advanceTo(chunk.segment(), chunk.end());
    }

    private void advanceTo(long segment, long offset) throws IOException {
        boolean newSegment = segment != committedSegment;
        committedSegment = segment;
        committedOffset = offset;
        // Fixed width, one positional write: a reader sees the old or the new point, never a mix.
        ByteBuffer point = ByteBuffer.wrap(String.format("%020d %020d%n", committedSegment, committedOffset)
                .getBytes(StandardCharsets.US_ASCII));
        while (point.hasRemaining()) {
            committedFile.write(point, point.position());
        }
        if (newSegment) {
            for (var stored : segments().headMap(committedSegment).values()) {
                Files.deleteIfExists(stored);
            }
        }
    }

    /** Takes over the single journal file of an earlier version (records spilled while MongoDB was down). */
    static void adopt(Path legacy, Path dir) throws IOException {
        if (Files.exists(legacy) && Files.size(legacy) > 0 && !Files.exists(dir.resolve(COMMITTED))) {
            Files.createDirectories(dir);
            Files.move(legacy, dir.resolve(segmentName(0)));
        }
    }

    private void readCommitted(TreeMap<Long, Path> segments) throws IOException {
        ByteBuffer point = ByteBuffer.allocate(64);
        committedFile.read(point, 0);
        String[] parts = new String(point.array(), 0, point.position(), StandardCharsets.US_ASCII).trim().split(" ");
        try {
            committedSegment = Long.parseLong(parts[0]);
            committedOffset = Long.parseLong(parts[1]);
        } catch (RuntimeException unreadablePoint) {
            // None yet, or damaged: from the oldest segment (the store skips what it holds).
            committedSegment = segments.isEmpty() ? 0 : segments.firstKey();
            committedOffset = 0;
        }
        if (!segments.isEmpty() && committedSegment < segments.firstKey()) {
            committedSegment = segments.firstKey();
            committedOffset = 0;
        }
        Path current = segments.get(committedSegment);
        if (current != null && committedOffset > Files.size(current)) {
            committedOffset = 0; // damaged: replay the segment (the store skips what it holds)
        }
    }

    /** Counts the lines after the committed point (the backlog a killed process left). */
    private void countPending(TreeMap<Long, Path> segments) throws IOException {
        for (var segment : segments.tailMap(committedSegment).entrySet()) {
            try (FileChannel channel = FileChannel.open(segment.getValue(), StandardOpenOption.READ)) {
                long position = segment.getKey() == committedSegment ? committedOffset : 0;
                pendingBytes.addAndGet(Math.max(0, channel.size() - position));
                ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
                while (position < channel.size()) {
                    buffer.clear();
                    int read = channel.read(buffer, position);
                    for (int i = 0; i < read; i++) {
                        if (buffer.get(i) == '\n') {
                            pendingRecords.incrementAndGet();
                        }
                    }
                    position += Math.max(read, 0);
                }
            }
        }
    }

    /** A crash mid-append leaves a last line without its newline: cut it, or the next append would join it. */
    private static void dropTornTail(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < channel.size()) {
            channel.truncate(end);
        }
    }

    private TreeMap<Long, Path> segments() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                if (name.startsWith("journal-") && name.endsWith(".jsonl")) {
                    try {
                        segments.put(Long.parseLong(name.substring(8, name.length() - 6)), file);
                    } catch (NumberFormatException other) {
                        // Not a segment.
                    }
                }
            });
        }
        return segments;
    }

    private Path segment(long number) {
        return dir.resolve(segmentName(number));
    }

    private static String segmentName(long number) {
        return String.format("journal-%012d.jsonl", number);
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            appendChannel.force(false);
            appendChannel.close();
        }
        if (readChannel != null) {
            readChannel.close();
        }
        committedFile.close();
    }

    /**
     * Records read from the journal: {@code lines} lines (some may have been unreadable), ending at
     * {@code end} of {@code segment}, {@code bytes} long.
     */
    record Chunk(List<AuditEncoding.Entry> entries, int lines, long segment, long end, long bytes) {
    }
}
