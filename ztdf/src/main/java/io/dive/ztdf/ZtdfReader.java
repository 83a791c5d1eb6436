package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a ZTDF strictly: the container, the manifest and, once the caller has the data key (from a
 * KAS), the policy binding, the label assertion, the root signature and every segment. Any defect
 * is a {@link ZtdfException} with a specific {@link ZtdfException.Reason}.
 */
public final class ZtdfReader implements Closeable {

    private static final JsonFields FIELDS = JsonFields.MANIFEST;
    private static final long MAX_MANIFEST_BYTES = 16L << 20;

    private final ZipFile zip;
    private final ZipEntry payloadEntry;
    private final Manifest manifest;

    private ZtdfReader(ZipFile zip, ZipEntry payloadEntry, Manifest manifest) {
        this.zip = zip;
        this.payloadEntry = payloadEntry;
        this.manifest = manifest;
    }

    /** Opens and parses a ZTDF file (nothing is decrypted). */
    public static ZtdfReader open(Path file) throws ZtdfException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ZtdfException(ZtdfException.Reason.MALFORMED_CONTAINER, "not a ZTDF (zip) container: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            requireUniqueNames(zip);
            ZipEntry manifestEntry = zip.getEntry("0.manifest.json");
            ZipEntry payload = zip.getEntry("0.payload");
            if (manifestEntry == null || payload == null) {
                throw new ZtdfException(ZtdfException.Reason.MALFORMED_CONTAINER,
                        "a ZTDF holds 0.manifest.json and 0.payload; this file lacks "
                                + (manifestEntry == null ? "0.manifest.json" : "0.payload"));
            }
            JsonNode manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                byte[] bytes = in.readNBytes((int) MAX_MANIFEST_BYTES + 1);
                if (bytes.length > MAX_MANIFEST_BYTES) {
                    throw malformed("the manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
                }
                manifest = JsonTree.read(bytes);
            } catch (IOException e) {
                throw malformed("the manifest is not JSON: " + ZtdfException.rootMessage(e));
            }
            if (manifest == null || !manifest.isObject()) {
                throw malformed("the manifest is not a JSON object");
            }
            return new ZtdfReader(zip, payload, Manifest.parse((ObjectNode) manifest));
        } catch (ZtdfException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /** Two entries of one name would let readers disagree on which one is the file (zip parsers pick differently). */
    private static void requireUniqueNames(ZipFile zip) throws ZtdfException {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (var entries = zip.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (!names.add(name)) {
                throw new ZtdfException(ZtdfException.Reason.MALFORMED_CONTAINER,
                        "the container holds two entries named '" + io.dive.model.SafeText.of(name) + "'");
            }
        }
    }

    /** The label: the label assertion's, or the one the policy's attributes describe when the file has none. */
    public SecurityLabel label() {
        return manifest.label();
    }

    /** Whether {@link #label} was derived from the policy (a file of another OpenTDF producer, without a label assertion). */
    public boolean labelDerivedFromPolicy() {
        return manifest.labelFromPolicy();
    }

    /** The base64 policy object exactly as stored (what the policy binding covers). */
    public String policy() {
        return manifest.policy();
    }

    public List<KeyAccessObject> keyAccessObjects() {
        return manifest.keyAccess();
    }

    /** The key access objects by split id: each group is alternatives for one share, all groups are needed. */
    public java.util.Map<String, List<KeyAccessObject>> keyAccessBySplit() {
        java.util.Map<String, List<KeyAccessObject>> groups = new java.util.LinkedHashMap<>();
        manifest.keyAccess().forEach(kao -> groups.computeIfAbsent(kao.sid(), sid -> new ArrayList<>()).add(kao));
        return groups;
    }

    public int segmentCount() {
        return manifest.segments().size();
    }

    public long plaintextSize() {
        return manifest.segments().stream().mapToLong(Manifest.Segment::segmentSize).sum();
    }

    /**
     * Checks, under the data key, every key access object's policy binding, the root signature and
     * every assertion's binding (the label's among them) — everything except the payload bytes.
     */
    public void verify(byte[] dataKey) throws ZtdfException {
        // With a split key each binding is keyed by its share, which only its KAS knows and checks.
        boolean split = KeySplit.isSplit(manifest.keyAccess().stream().map(KeyAccessObject::sid).toList());
        for (KeyAccessObject kao : split ? List.<KeyAccessObject>of() : manifest.keyAccess()) {
            if (!kao.policyBinding().matches(dataKey, manifest.policy())) {
                throw new ZtdfException(ZtdfException.Reason.POLICY_BINDING,
                        "the policy binding of the key access object for " + kao.url() + " does not match the policy");
            }
        }
        byte[] hashes = Payload.segmentHashes(manifest.segments());
        byte[] expectedRoot = Crypto.hmacSha256(dataKey, hashes);
        if (!MessageDigest.isEqual(expectedRoot, FIELDS.base64(manifest.rootSignature(), "root signature"))) {
            throw new ZtdfException(ZtdfException.Reason.ROOT_SIGNATURE, "the root signature over the segment hashes does not verify");
        }
        for (ObjectNode assertion : manifest.assertions()) {
            AssertionBinding.verify(assertion, dataKey, hashes, manifest.rootSignature());
        }
    }

    /** The policy object parsed (uuid and the label its attributes describe). */
    public PolicyObject policyObject() throws ZtdfException {
        return PolicyObject.parse(manifest.policy());
    }

    /**
     * Verifies everything ({@link #verify}) and decrypts the payload to {@code out}, segment by
     * segment; a segment is written only after it verified. Write to a temporary file and move it
     * into place on success, so that a failure part-way leaves nothing behind.
     */
    public void decrypt(byte[] dataKey, OutputStream out, LongConsumer progress) throws ZtdfException {
        verify(dataKey);
        try (InputStream payload = zip.getInputStream(payloadEntry)) {
            Payload.open(dataKey, payload, manifest.segments(), out, progress);
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "reading or writing the payload failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Nothing to lose on a read-only file.
        }
    }

    private static ZtdfException malformed(String message) {
        return new ZtdfException(ZtdfException.Reason.MALFORMED_MANIFEST, message);
    }
}
