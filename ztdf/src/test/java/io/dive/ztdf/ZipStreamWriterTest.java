package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipStreamWriterTest {

    @TempDir
    Path dir;

    /** Limit 0xFFFFFFFF is the real one; 16 forces every ZIP64 record on small entries. */
    @ParameterizedTest
    @ValueSource(longs = {0xFFFFFFFFL, 16})
    void theJdkReadsWhatItWritesWithAndWithoutZip64(long zip64Limit) throws Exception {
        Path file = dir.resolve("z-" + zip64Limit + ".zip");
        byte[] payload = new byte[100_000];
        new java.util.Random(1).nextBytes(payload);
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipStreamWriter zip = new ZipStreamWriter(out, zip64Limit);
            zip.startEntry("0.payload");
            zip.write(payload, 0, 60_000);
            zip.write(payload, 60_000, 40_000);
            zip.closeEntry();
            zip.startEntry("0.manifest.json");
            zip.write("{}".getBytes(), 0, 2);
            zip.closeEntry();
            zip.finish();
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(Collections.list(zip.entries())).extracting(ZipEntry::getName).containsExactly("0.payload", "0.manifest.json");
            ZipEntry entry = zip.getEntry("0.payload");
            assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(entry.getSize()).isEqualTo(100_000);
            assertThat(zip.getInputStream(entry).readAllBytes()).isEqualTo(payload);
            assertThat(new String(zip.getInputStream(zip.getEntry("0.manifest.json")).readAllBytes())).isEqualTo("{}");
        }
    }
}
