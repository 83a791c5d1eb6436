package io.dive.kas.keys.software;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** The files of a software keystore: written owner-only and published exclusively (cluster nodes may race). */
final class KeystoreFiles {

    private KeystoreFiles() {
    }

    /** Writes the content of a new file. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to an owner-only temporary file and makes it visible under
     * {@code target} only if nothing is there yet (a hard link fails when the target exists; a rename
     * would silently replace it). Cluster nodes sharing the keystore path may generate at the same
     * moment: the first one wins, the others read its file. A crash never leaves half a file.
     */
    static void writeExclusively(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            restrict(temporary);
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            Files.createLink(target, temporary);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Another node published first: its file is used.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The configured password, else the one generated into {@code <keystore>.password} (owner-only). */
    static char[] password(Path file, String configured) throws IOException {
        if (configured != null) {
            return configured.toCharArray();
        }
        Path passwordFile = Path.of(file + ".password");
        if (!Files.exists(passwordFile)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            writeExclusively(passwordFile, out -> out.write(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII)));
        }
        return Files.readString(passwordFile, StandardCharsets.UTF_8).trim().toCharArray();
    }

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: rely on the directory's permissions.
        }
    }

}
