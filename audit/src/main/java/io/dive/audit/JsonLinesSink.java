package io.dive.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;

/**
 * The embedded default without MongoDB: one JSON line per record in {@code file}; when the file
 * passes {@code maxBytes} it becomes {@code file.1} ({@code .1} → {@code .2} ... up to {@code keep}
 * files, the oldest dropped). A process killed after a write but before the journal's commit
 * replays that last batch at the next start: the ids of the file's last lines are read at open and
 * skipped, as MongoDB skips ids it holds, so each record is in the file once.
 */
public final class JsonLinesSink implements AuditSink {

    private static final int TAIL_BYTES = 1 << 20;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Set<String> lastWritten;

    public JsonLinesSink(Path file, long maxBytes, int keep) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.lastWritten = lastIds(Files.exists(file) ? file : rotated(1));
    }

    /** The ids in the last {@link #TAIL_BYTES} of {@code written} (more than any one batch). */
    private static Set<String> lastIds(Path written) {
        Set<String> ids = new HashSet<>();
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.READ)) {
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(TAIL_BYTES, channel.size()));
            channel.read(tail, channel.size() - tail.capacity());
            String[] lines = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).split("\n");
            for (int i = tail.capacity() == channel.size() ? 0 : 1; i < lines.length; i++) { // the first may be cut
                try {
                    ids.add(BsonDocument.parse(lines[i]).getString(AuditFields.ID).getValue());
                } catch (RuntimeException unreadable) {
                    // Not a record line.
                }
            }
        } catch (IOException none) {
            // No file yet.
        }
        return ids;
    }

    @Override
    public String name() {
        return "file:" + file;
    }

    @Override
    public void write(List<AuditEncoding.Entry> batch) throws AuditSinkUnavailable {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file) && Files.size(file) >= maxBytes) {
                rotate();
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                for (AuditEncoding.Entry entry : batch) {
                    if (!lastWritten.isEmpty() && lastWritten.contains(entry.id())) {
                        continue;
                    }
                    out.write(AuditEncoding.fileLine(entry));
                    out.write('\n');
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new AuditSinkUnavailable("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void rotate() throws IOException {
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path rotated(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    @Override
    public void close() {
        // Each batch closes its writer.
    }
}
