package io.dive.ztdf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test files: a ZTDF rewritten with a changed manifest and payload, as a tamperer or another producer would write it. */
final class ZtdfFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ZtdfFiles() {
    }

    static Path rewrite(Path original, Path target, UnaryOperator<ObjectNode> manifest, UnaryOperator<byte[]> payload)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(original.toFile())) {
            for (String name : List.of("0.payload", "0.manifest.json")) {
                try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                    entries.put(name, in.readAllBytes());
                }
            }
        }
        ObjectNode parsed = (ObjectNode) JSON.readTree(entries.get("0.manifest.json"));
        entries.put("0.manifest.json", JSON.writeValueAsBytes(manifest.apply(parsed)));
        entries.put("0.payload", payload.apply(entries.get("0.payload")));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }
}
