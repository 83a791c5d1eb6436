package io.dive.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The embedded default without MongoDB: one JSON line per record in {@code file}; when the file
 * passes {@code maxBytes} it becomes {@code file.1} ({@code .1} → {@code .2} ... up to {@code keep}
 * files, the oldest dropped).
 */
public final class JsonLinesSink implements AuditSink {

    private final Path file;
    private final long maxBytes;
    private final int keep;

    public JsonLinesSink(Path file, long maxBytes, int keep) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
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
