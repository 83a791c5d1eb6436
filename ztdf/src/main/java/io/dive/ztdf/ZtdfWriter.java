package io.dive.ztdf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Writes a TDF3-style ZTDF: a zip (STORED entries) of {@code 0.payload} (AES-256-GCM segments, each
 * {@code IV || ciphertext || tag}) then {@code 0.manifest.json}. Memory stays at about one segment
 * whatever the input size.
 */
public final class ZtdfWriter {

    public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    public static final int MAX_SEGMENT_SIZE = 8 << 20;
    static final String SCHEMA_VERSION = "4.3.0";
    static final String LABEL_SCHEMA = "urn:nato:stanag:4774:confidentialitymetadatalabel:1:0";
    static final String LABEL_ASSERTION_ID = "stanag-4774-label";


    /**
     * What to protect and for whom.
     *
     * @param label the security label; the policy's attributes and dissemination list are derived
     *     from it ({@link PolicyObject}), so the KAS decides on exactly what the label says
     * @param recipients the KAS (one or more) the data key is wrapped for
     * @param mimeType the payload's MIME type
     * @param segmentSize plaintext bytes per segment
     */
    public record Request(SecurityLabel label, List<KasRecipient> recipients,
            String mimeType, int segmentSize) {
        public Request {
            Objects.requireNonNull(label, "label");
            recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("at least one KAS recipient is needed");
            }
            mimeType = mimeType == null ? "application/octet-stream" : mimeType;
            requireSegmentSize(segmentSize);
        }
    }

    /**
     * A request of which only the segment size is needed up front: the rest (the KAS public keys,
     * the MIME type) is asked for once the payload is sealed, so that the caller's round trips to
     * the KAS overlap the encryption.
     */
    @FunctionalInterface
    public interface PendingRequest<E extends Exception> {
        Request await() throws E;
    }

    private static void requireSegmentSize(int segmentSize) {
        if (segmentSize < 1 || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segmentSize must be 1.." + MAX_SEGMENT_SIZE + ", was " + segmentSize);
        }
    }

    /** What was written. */
    public record Result(String policyUuid, long plaintextBytes, int segments) {
    }

    public Result write(InputStream plaintext, OutputStream target, Request request) throws ZtdfException {
        return write(plaintext, target, request, bytes -> { });
    }

    /** As {@link #write(InputStream, OutputStream, Request)}, reporting plaintext bytes done to {@code progress}. */
    public Result write(InputStream plaintext, OutputStream target, Request request, LongConsumer progress)
            throws ZtdfException {
        return write(plaintext, target, request.segmentSize(), () -> request, progress);
    }

    /**
     * As {@link #write(InputStream, OutputStream, Request, LongConsumer)}, the payload sealed in
     * {@code segmentSize} segments before {@code pending} is awaited; what it throws ends the write (an
     * {@code IOException} as a write failure, {@link ZtdfException} {@code IO}).
     */
    public <E extends Exception> Result write(InputStream plaintext, OutputStream target, int segmentSize,
            PendingRequest<E> pending, LongConsumer progress) throws ZtdfException, E {
        requireSegmentSize(segmentSize);
        byte[] dataKey = Crypto.random(Crypto.KEY_BYTES);
        try {
            ZipStreamWriter zip = new ZipStreamWriter(target);
            zip.startEntry("0.payload");
            Payload.Sealed payload = Payload.seal(dataKey, plaintext, segmentSize, zip, progress);
            zip.closeEntry();
            Request request = pending.await();
            if (request.segmentSize() != segmentSize) {
                throw new IllegalArgumentException("the request's segment size " + request.segmentSize()
                        + " is not the payload's " + segmentSize);
            }
            ArrayNode segments = JsonTree.array();
            byte[] hashes = Payload.segmentHashes(payload.segments());
            for (Manifest.Segment segment : payload.segments()) {
                segments.addObject().put("hash", Base64.getEncoder().encodeToString(segment.hash()))
                        .put("segmentSize", segment.segmentSize()).put("encryptedSegmentSize", segment.encryptedSegmentSize());
            }
            String rootSignature = Base64.getEncoder().encodeToString(Crypto.hmacSha256(dataKey, hashes));

            String policyUuid = UUID.randomUUID().toString();
            String policy = new PolicyObject(policyUuid, request.label()).toBase64();
            ObjectNode manifest = JsonTree.object();
            manifest.put("schemaVersion", SCHEMA_VERSION);
            manifest.putObject("payload").put("type", "reference").put("url", "0.payload").put("protocol", "zip")
                    .put("mimeType", request.mimeType()).put("isEncrypted", true);
            ObjectNode encryption = manifest.putObject("encryptionInformation");
            encryption.put("type", "split");
            // (OpenTDF names the key access section "split" whether or not the key is actually split.)
            ArrayNode keyAccess = encryption.putArray("keyAccess");
            // Recipients with different sids each get a share (all needed); the same sid = alternatives.
            java.util.Map<String, byte[]> shares = KeySplit.shares(dataKey,
                    request.recipients().stream().map(KasRecipient::sid).toList());
            for (KasRecipient recipient : request.recipients()) {
                // Bound under what the KAS unwraps: the share (the whole key when not split).
                keyAccess.add(OpenTdfJson.tree(KeyAccessObject.wrap(recipient, shares.get(recipient.sid()), policy)));
            }
            encryption.putObject("method").put("algorithm", "AES-256-GCM").put("iv", "").put("isStreamable", true);
            ObjectNode integrity = encryption.putObject("integrityInformation");
            integrity.putObject("rootSignature").put("alg", "HS256").put("sig", rootSignature);
            integrity.put("segmentHashAlg", "GMAC").put("segmentSizeDefault", request.segmentSize())
                    .put("encryptedSegmentSizeDefault", request.segmentSize() + Crypto.IV_BYTES + Crypto.TAG_BYTES);
            integrity.set("segments", segments);
            encryption.put("policy", policy);
            manifest.putArray("assertions").add(labelAssertion(request.label(), dataKey, hashes));

            zip.startEntry("0.manifest.json");
            byte[] manifestBytes = JsonTree.writePretty(manifest);
            zip.write(manifestBytes, 0, manifestBytes.length);
            zip.closeEntry();
            zip.finish();
            return new Result(policyUuid, payload.plaintextBytes(), payload.segments().size());
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "writing the ZTDF failed: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ZtdfException(ZtdfException.Reason.KEY_ACCESS, "encrypting or wrapping failed: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The STANAG 4774 label as an assertion whose binding (STANAG 4778, {@link AssertionBinding}) is an
     * HS256 JWS, under the data key, over the hash of the assertion and the payload's segment hashes.
     */
    static ObjectNode labelAssertion(SecurityLabel label, byte[] dataKey, byte[] segmentHashes)
            throws IOException, GeneralSecurityException, ZtdfException {
        ObjectNode assertion = JsonTree.object();
        assertion.put("id", LABEL_ASSERTION_ID).put("type", "handling").put("scope", "payload")
                .put("appliesToState", "encrypted");
        assertion.putObject("statement").put("format", "json-structured").put("schema", LABEL_SCHEMA)
                .put("value", label.toJson());
        AssertionBinding.bind(assertion, dataKey, segmentHashes);
        return assertion;
    }
}
