package io.dive.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.ZtdfException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Writes tampered copies of a ZTDF, as an attacker with the file (but not the key) could. */
final class ZtdfTampering {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ZtdfTampering() {
    }

    private record Parts(ObjectNode manifest, byte[] payload) {
    }

    private static Parts read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ObjectNode manifest = (ObjectNode) JSON.readTree(zip.getInputStream(zip.getEntry("0.manifest.json")));
            byte[] payload = zip.getInputStream(zip.getEntry("0.payload")).readAllBytes();
            return new Parts(manifest, payload);
        }
    }

    private static Path write(Path target, ObjectNode manifest, byte[] payload) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("0.payload"));
            zip.write(payload);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("0.manifest.json"));
            zip.write(JSON.writeValueAsBytes(manifest));
            zip.closeEntry();
        }
        return target;
    }

    static Path rewriteManifest(Path file, Path target, Consumer<ObjectNode> change) throws IOException {
        Parts parts = read(file);
        change.accept(parts.manifest());
        return write(target, parts.manifest(), parts.payload());
    }

    /** Replaces key access object {@code index} of the manifest by what {@code change} makes of it (through the model). */
    static Path rewriteKeyAccessObject(Path file, Path target, int index, UnaryOperator<KeyAccessObject> change)
            throws IOException {
        return rewriteManifest(file, target, manifest -> {
            ArrayNode keyAccess = (ArrayNode) manifest.path("encryptionInformation").path("keyAccess");
            try {
                KeyAccessObject changed = change.apply(OpenTdfJson.readKeyAccessObject(keyAccess.get(index).toString()));
                keyAccess.set(index, JSON.readTree(OpenTdfJson.writeKeyAccessObject(changed)));
            } catch (IOException | ZtdfException e) {
                throw new IllegalStateException("the sample's key access object does not read back", e);
            }
        });
    }

    static Path rewritePayload(Path file, Path target, Consumer<byte[]> change) throws IOException {
        Parts parts = read(file);
        change.accept(parts.payload());
        return write(target, parts.manifest(), parts.payload());
    }

    private static int firstSegmentLength(ObjectNode manifest) {
        return segments(manifest).get(0).path("encryptedSegmentSize").asInt();
    }

    private static ArrayNode segments(ObjectNode manifest) {
        return (ArrayNode) manifest.path("encryptionInformation").path("integrityInformation").path("segments");
    }

    /** Removes the first segment from the payload AND the manifest (so sizes and hashes still line up). */
    static Path dropFirstSegment(Path file, Path target) throws IOException {
        Parts parts = read(file);
        int first = firstSegmentLength(parts.manifest());
        segments(parts.manifest()).remove(0);
        return write(target, parts.manifest(), Arrays.copyOfRange(parts.payload(), first, parts.payload().length));
    }

    /** Swaps the first two (equal-sized) segments in the payload. */
    static Path swapFirstTwoSegments(Path file, Path target) throws IOException {
        Parts parts = read(file);
        int size = firstSegmentLength(parts.manifest());
        byte[] payload = parts.payload();
        byte[] first = Arrays.copyOfRange(payload, 0, size);
        System.arraycopy(payload, size, payload, 0, size);
        System.arraycopy(first, 0, payload, size, size);
        return write(target, parts.manifest(), payload);
    }
}
