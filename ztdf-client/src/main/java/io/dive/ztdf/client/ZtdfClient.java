package io.dive.ztdf.client;

import io.dive.ztdf.KasRecipient;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.ZtdfException;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.ZtdfWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Encrypts files to ZTDF for one or more KAS and decrypts them through a KAS. Output goes to a
 * temporary file beside the target and is moved into place only when complete, so a failure
 * (tampered file, denied key, full disk) never leaves a partial or unverified plaintext.
 */
public final class ZtdfClient {

    private final KasClient kas;
    private final java.util.Set<String> trustedKasUrls;
    private final KasFanOut fanOut;
    private final java.util.Map<String, java.util.concurrent.Future<List<KasClient.KasPublicKey>>> prefetched =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The issuer of the last bearer token seen: read once per file, not once per KAS. */
    private volatile TokenIssuer lastIssuer = new TokenIssuer("", null);

    private record TokenIssuer(String token, String issuer) {
    }

    /**
     * How long the first KAS of an any-of file has before the next is asked as well (100 ms); zero
     * asks them all at once. {@code DIVE_KAS_HEAD_START_MS} sets it for the tool.
     */
    public static final java.time.Duration DEFAULT_HEAD_START = KasFanOut.DEFAULT_HEAD_START;

    /** A client that sends the bearer token only to KAS on the token issuer's origin. */
    public ZtdfClient(KasClient kas) {
        this(kas, java.util.Set.of());
    }

    /**
     * @param trustedKasUrls KAS URLs, besides those on the token issuer's origin, that may receive
     *     the bearer token (a file names its KAS, and a crafted file must not collect tokens)
     */
    public ZtdfClient(KasClient kas, java.util.Set<String> trustedKasUrls) {
        this(kas, trustedKasUrls, new KasCircuitBreaker(KasCircuitBreaker.Settings.DEFAULT));
    }

    /** As above, with a circuit breaker shared with other clients (it remembers which KAS keep failing). */
    public ZtdfClient(KasClient kas, java.util.Set<String> trustedKasUrls, KasCircuitBreaker breaker) {
        this(kas, trustedKasUrls, breaker, DEFAULT_HEAD_START);
    }

    /**
     * As above, with the head start of an any-of file's first KAS ({@link #DEFAULT_HEAD_START}):
     * the next is asked when the first has not answered by then, at once when it refuses.
     */
    public ZtdfClient(KasClient kas, java.util.Set<String> trustedKasUrls, KasCircuitBreaker breaker,
            java.time.Duration headStart) {
        this.kas = kas;
        this.trustedKasUrls = trustedKasUrls.stream().map(KasClient::trimSlash).collect(java.util.stream.Collectors.toSet());
        this.fanOut = new KasFanOut((token, policy, kao, cancellation) -> {
            requireTrusted(kao.url(), token);
            return kas.rewrap(token, policy, kao, cancellation);
        }, breaker, headStart);
    }

    /**
     * Encrypts {@code plaintext} for the KAS keys of {@code keyAlgorithm}: RSA-2048 ({@code wrapped})
     * or EC P-256 ({@code ec-wrapped}); any one of the KAS can release the key.
     */
    public ZtdfWriter.Result encrypt(Path plaintext, Path target, SecurityLabel label, List<String> kasUrls,
            KeyAlgorithm keyAlgorithm, LongConsumer progress) throws ZtdfException, KasClientException {
        return encrypt(plaintext, target, label, kasUrls, keyAlgorithm, false, progress);
    }

    /**
     * As above; with {@code split}, every KAS gets its own share of the key and ALL of them must
     * release it (each nation's KAS decides); without, ANY of them can release the whole key.
     */
    public ZtdfWriter.Result encrypt(Path plaintext, Path target, SecurityLabel label, List<String> kasUrls,
            KeyAlgorithm keyAlgorithm, boolean split, LongConsumer progress) throws ZtdfException, KasClientException {
        // The MIME type (the JDK parses /etc/mime.types: 10-20 ms of a fresh JVM's CPU) and the KAS keys
        // arrive while the payload of a one-segment file is sealed; a larger file waits for them first,
        // so that a refused key fails before the file is read.
        java.util.concurrent.CompletableFuture<String> mimeType =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> mimeType(plaintext));
        java.util.concurrent.Future<List<KasClient.KasPublicKey>> ahead = prefetched.remove(prefetchKey(kasUrls, keyAlgorithm));
        java.util.concurrent.Future<List<KasClient.KasPublicKey>> keys = ahead != null ? ahead
                : KasFanOut.submit(cancellation -> publicKeys(kasUrls, keyAlgorithm));
        int segmentSize = ZtdfWriter.DEFAULT_SEGMENT_SIZE;
        ZtdfWriter.PendingRequest<KasClientException> pending = () -> new ZtdfWriter.Request(label,
                recipients(KasFanOut.outcome(keys), split), mimeType.join(), segmentSize);
        if (size(plaintext) > segmentSize) {
            ZtdfWriter.Request ready = pending.await();
            pending = () -> ready;
        }
        ZtdfWriter.PendingRequest<KasClientException> request = pending;
        return atomically(target, out -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(plaintext), 1 << 16)) {
                return new ZtdfWriter().write(in, out, segmentSize, request, progress);
            } catch (IOException e) {
                throw new ZtdfException(ZtdfException.Reason.IO, "cannot read " + plaintext + ": " + e.getMessage(), e);
            }
        });
    }

    private static List<KasRecipient> recipients(List<KasClient.KasPublicKey> keys, boolean split) {
        List<KasRecipient> recipients = new ArrayList<>();
        for (KasClient.KasPublicKey key : keys) {
            // Same (empty) split id: alternatives for the whole key; one sid per KAS: all needed.
            recipients.add(new KasRecipient(key.url(), key.kid(), split ? "s" + recipients.size() : "", key.wrapper()));
        }
        return recipients;
    }

    private static long size(Path file) throws ZtdfException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts fetching the public keys that {@link #encrypt} with the same KAS and key type will use,
     * so that the round trips overlap the caller's own work (the tool opens the file meanwhile).
     */
    public void prefetchPublicKeys(List<String> kasUrls, KeyAlgorithm keyAlgorithm) {
        prefetched.computeIfAbsent(prefetchKey(kasUrls, keyAlgorithm), key -> KasFanOut.submit(cancellation -> publicKeys(kasUrls, keyAlgorithm)));
    }

    private static String prefetchKey(List<String> kasUrls, KeyAlgorithm keyAlgorithm) {
        return keyAlgorithm + " " + String.join(" ", kasUrls);
    }

    /** The public keys of every KAS, fetched at once: each is a round trip. */
    private List<KasClient.KasPublicKey> publicKeys(List<String> kasUrls, KeyAlgorithm keyAlgorithm) throws KasClientException {
        List<KasClient.KasPublicKey> keys = new ArrayList<>();
        KasFanOut.allAtOnce(kasUrls.stream().<KasFanOut.Call<KasClient.KasPublicKey>>map(url -> cancellation -> kas.publicKey(url, keyAlgorithm))
                .toList(), keys);
        return keys;
    }

    /**
     * Decrypts {@code file} to {@code target}: checks the label against the policy, asks the KAS
     * of the key access objects (all at once) for the key, then verifies everything and decrypts
     * segment by segment.
     */
    public SecurityLabel decrypt(Path file, Path target, String bearerToken, LongConsumer progress)
            throws ZtdfException, KasClientException {
        kas.prepareClientKey();
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            return decrypt(reader, target, bearerToken, progress);
        }
    }

    /** As {@link #decrypt(Path, Path, String, LongConsumer)}, for a file the caller has opened (and closes). */
    public SecurityLabel decrypt(ZtdfReader reader, Path target, String bearerToken, LongConsumer progress)
            throws ZtdfException, KasClientException {
        kas.prepareClientKey();
        byte[] dataKey = dataKey(reader, bearerToken);
        try {
            atomically(target, out -> {
                reader.decrypt(dataKey, out, progress);
                return null;
            });
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
        return reader.label();
    }

    /**
     * The data key: for each split id, the share from the first KAS that releases it (the whole key
     * when the file is not split), XOR'd together; every split and every alternative is asked at
     * once ({@link KasFanOut}). When a share is refused by every KAS holding it, the most telling
     * refusal is thrown.
     */
    public byte[] dataKey(ZtdfReader reader, String bearerToken) throws KasClientException {
        return fanOut.dataKey(reader.keyAccessBySplit().values(), reader.policy(), bearerToken);
    }

    /** The token goes to KAS on its issuer's origin (scheme, host, port) or explicitly trusted ones only. */
    void requireTrusted(String kasUrl, String bearerToken) throws KasClientException {
        if (trustedKasUrls.contains(KasClient.trimSlash(kasUrl))) {
            return;
        }
        String issuer = issuer(bearerToken);
        if (issuer == null) {
            throw new KasClientException(KasClientException.Kind.UNAUTHENTICATED,
                    "the access token is not a JWT with an issuer (iss); the token was not sent", List.of());
        }
        if (origin(issuer) != null && origin(issuer).equals(origin(kasUrl))) {
            return;
        }
        throw new KasClientException(KasClientException.Kind.REJECTED, "the file names KAS " + kasUrl + ", which is neither on the"
                + " token issuer's origin (" + issuer + ") nor trusted; the token was not sent (trust it with --trust-kas)",
                List.of());
    }

    private String issuer(String bearerToken) {
        TokenIssuer last = lastIssuer;
        if (last.token().equals(bearerToken)) {
            return last.issuer();
        }
        String issuer = null;
        try {
            String[] parts = bearerToken.split("\\.");
            if (parts.length == 3) {
                issuer = io.dive.model.JsonTree.read(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .path("iss").asText(null);
            }
        } catch (IOException | IllegalArgumentException e) {
            issuer = null;
        }
        lastIssuer = new TokenIssuer(bearerToken, issuer);
        return issuer;
    }

    private static String origin(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private interface Writing<T, E extends Exception> {
        T write(OutputStream out) throws ZtdfException, E;
    }

    private static <T, E extends Exception> T atomically(Path target, Writing<T, E> writing) throws ZtdfException, E {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + target.getFileName(), ".part");
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "cannot write in " + directory + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            T result;
            // WRITE alone, not the default TRUNCATE_EXISTING: truncating the new (empty) file makes ext4
            // flush all of it at close (auto_da_alloc), 0.1-0.2 s for 512 MiB here.
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.WRITE), 1 << 16)) {
                result = writing.write(out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return result;
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Best effort: the .part file is hidden and says what it is.
                }
            }
        }
    }

    private static String mimeType(Path file) {
        try {
            String type = Files.probeContentType(file);
            return type == null ? "application/octet-stream" : type;
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }
}
