package io.dive.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Records that could not reach the store, in arrival order: append-only, each append fsync'd
 * before it returns, one line per record. Replay reads from the oldest line on; once every line
 * is stored the file is emptied. A restart replays the whole file again: the store skips ids it
 * already holds, so every record is stored exactly once. A torn last line (the process died while
 * appending, before the fsync returned: that batch was never acknowledged) is cut at open. Only the
 * writer thread uses it.
 */
final class Journal {

    private final Path file;
    private FileChannel channel;
    /** Bytes of the file already stored by a replay. */
    private long replayed;

    Journal(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        dropTornTail();
        channel.position(channel.size());
    }

    /** A crash mid-append leaves a last line without its newline: cut it, or the next append would join it. */
    private void dropTornTail() throws IOException {
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
            channel.force(true);
        }
    }

    Path file() {
        return file;
    }

    void append(List<AuditEncoding.Entry> batch) throws IOException {
        StringBuilder lines = new StringBuilder();
        batch.forEach(entry -> lines.append(AuditEncoding.journalLine(entry)).append('\n'));
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        channel.position(channel.size());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    /** Bytes not yet replayed. */
    long pendingBytes() throws IOException {
        return channel.size() - replayed;
    }

    /** Up to {@code max} of the oldest records not yet replayed, with where they end. */
    Chunk next(int max) throws IOException {
        List<AuditEncoding.Entry> entries = new ArrayList<>();
        long end = replayed;
        BufferedReader reader = new BufferedReader(new InputStreamReader(
                Channels.newInputStream(channel.position(replayed)), StandardCharsets.UTF_8));
        String line;
        while (entries.size() < max && (line = reader.readLine()) != null) {
            long length = line.getBytes(StandardCharsets.UTF_8).length + 1L;
            if (end + length > channel.size()) {
                break; // a line still being appended
            }
            end += length;
            try {
                entries.add(AuditEncoding.fromJournalLine(line));
            } catch (RuntimeException torn) {
                // An unreadable line cannot be stored; skipping it keeps the rest flowing.
            }
        }
        channel.position(channel.size());
        return new Chunk(entries, end);
    }

    /** The chunk is stored: move past it, and empty the file once everything is. */
    void replayedUpTo(Chunk chunk) throws IOException {
        replayed = chunk.end();
        if (replayed >= channel.size()) {
            channel.truncate(0);
            channel.force(true);
            replayed = 0;
        }
    }

    void close() throws IOException {
        channel.close();
    }

    record Chunk(List<AuditEncoding.Entry> entries, long end) {
    }
}
