package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapper;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PublicKeyResponse;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.ZtdfException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to a KAS: fetches its public keys and asks it to rewrap data keys (OpenTDF v2 body inside
 * a signed request token, signed by the client's own ephemeral key the key is wrapped to). A rewrap
 * the KAS did not admit (429, or 503 with {@code Retry-After}) is sent again after the time it asks
 * for, at most {@link #MAX_RETRIES} times and never after a wait over {@link #MAX_RETRY_WAIT}.
 * (Somewhat over 250 lines: the two KAS calls share one mapping of HTTP answers to refusals.)
 */
public final class KasClient implements KasTransport {

    /**
     * A KAS public key.
     *
     * @param wrapHash for RSA keys, the OAEP hash the KAS uses for this kid
     */
    public record KasPublicKey(String url, String kid, KeyAlgorithm algorithm, PublicKey publicKey, KeyWrapping.OaepHash wrapHash) {
        /** Wraps data keys for this KAS key ({@code wrapped} or {@code ec-wrapped}). */
        public KeyWrapper wrapper() {
            return KeyWrapper.of(algorithm, publicKey, wrapHash);
        }
    }

    /** Retries of a rewrap the KAS did not admit (429, or 503 with {@code Retry-After}). */
    static final int MAX_RETRIES = 3;
    /** The longest {@code Retry-After} honoured; a longer one fails at once. */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);

    private final Duration timeout;
    private final KeyAlgorithm clientKeyAlgorithm;
    /** One client key per client instance, made once ({@link #prepareClientKey}), with its PEM for every request. */
    private java.util.concurrent.CompletableFuture<ClientKey> clientKey;

    private record ClientKey(KeyPair pair, String publicPem) {
    }

    public KasClient() {
        this(Duration.ofSeconds(30), KeyAlgorithm.RSA_2048);
    }

    /** @param clientKeyAlgorithm the key the KAS wraps released keys to (RSA-2048 or EC P-256) */
    public KasClient(Duration timeout, KeyAlgorithm clientKeyAlgorithm) {
        this.timeout = timeout;
        this.clientKeyAlgorithm = clientKeyAlgorithm;
    }

    /**
     * Starts making the client key in the background, if not yet started: it costs 70-160 ms (EC)
     * or 330-670 ms (RSA-2048) in a fresh JVM, time a caller can spend meanwhile opening the file
     * and connecting to the KAS.
     */
    public synchronized void prepareClientKey() {
        if (clientKey == null) {
            clientKey = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    KeyPair pair = clientKeyAlgorithm.newKeyPair();
                    return new ClientKey(pair, Pem.publicKey(pair.getPublic()));
                } catch (GeneralSecurityException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        }
    }

    /** The KAS's active key for {@code algorithm}. */
    public KasPublicKey publicKey(String kasUrl, KeyAlgorithm algorithm) throws KasClientException {
        String url = trimSlash(kasUrl) + "/v2/kas_public_key?v=2&algorithm="
                + URLEncoder.encode(algorithm.openTdfName(), StandardCharsets.UTF_8);
        KasHttp.Response response = send(() -> KasHttp.get(url, timeout), kasUrl);
        if (response.status() != 200) {
            throw new KasClientException(response.status() >= 500 ? KasClientException.Kind.UNAVAILABLE
                    : KasClientException.Kind.REJECTED, "KAS " + kasUrl + " has no public key for " + algorithm.openTdfName()
                    + ": " + error(response, kasUrl), List.of());
        }
        try {
            PublicKeyResponse key = OpenTdfJson.readPublicKeyResponse(response.body());
            return new KasPublicKey(trimSlash(kasUrl), key.kid(), key.algorithm() == null ? algorithm : key.algorithm(),
                    Pem.parsePublicKey(key.pem()), key.wrapAlgorithm() == null ? KeyWrapping.OaepHash.SHA1 : key.wrapAlgorithm());
        } catch (ZtdfException | GeneralSecurityException e) {
            throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "KAS " + kasUrl + " sent an unusable public key: "
                    + e.getMessage(), List.of());
        }
    }

    /**
     * Asks the KAS at {@code kao.url()} for the data key of one key access object.
     *
     * @return the data key
     */
    public byte[] rewrap(String bearerToken, String policy, KeyAccessObject kao) throws KasClientException {
        return rewrap(kao.url(), bearerToken, policy, kao, new Cancellation());
    }

    @Override
    public byte[] rewrap(String bearerToken, String policy, KeyAccessObject kao, Cancellation cancellation) throws KasClientException {
        return rewrap(kao.url(), bearerToken, policy, kao, cancellation);
    }

    /** As {@link #rewrap(String, String, KeyAccessObject)}, sent to {@code kasUrl} whatever the object says. */
    public byte[] rewrap(String kasUrl, String bearerToken, String policy, KeyAccessObject kao) throws KasClientException {
        return rewrap(kasUrl, bearerToken, policy, kao, new Cancellation());
    }

    private byte[] rewrap(String kasUrl, String bearerToken, String policy, KeyAccessObject kao, Cancellation cancellation)
            throws KasClientException {
        KeyPair client;
        String body;
        try {
            ClientKey key = clientKey();
            client = key.pair();
            // One signed request token per KAS: it names the one key access object that KAS holds.
            body = SignedRequestToken.sign(RewrapRequest.of(key.publicPem(), clientKeyAlgorithm, policy, List.of(kao)),
                    client.getPrivate(), Instant.now());
        } catch (GeneralSecurityException e) {
            throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "cannot build the rewrap request: " + e.getMessage(), List.of());
        }
        RewrapResponse answer = post(kasUrl, bearerToken, body, cancellation);
        if (cancellation.isCancelled()) { // another KAS was first: its answer is not opened
            throw cancelled(kasUrl);
        }
        RewrapResponse.KeyAccessResult result;
        try {
            result = answer.first();
        } catch (IllegalStateException e) {
            throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "KAS " + kasUrl + " answered without a result", List.of());
        }
        if (result.permitted()) {
            try {
                byte[] wrapped = Base64.getDecoder().decode(String.valueOf(result.kasWrappedKey()));
                if (clientKeyAlgorithm == KeyAlgorithm.RSA_2048) {
                    return KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1, wrapped);
                }
                PublicKey session = Pem.parsePublicKey(answer.sessionPublicKey());
                return KeyWrapping.open(KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(client.getPrivate(), session)), wrapped);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "the KAS's wrapped key does not open: "
                        + e.getMessage(), List.of());
            }
        }
        List<String> reasons = new ArrayList<>();
        if (result.metadata().reasons() != null) {
            result.metadata().reasons().forEach(reason -> reasons.add(reason.code()));
        }
        String failure = result.metadata().failure() == null ? "" : result.metadata().failure();
        KasClientException.Kind kind = switch (failure) {
            case "ACCESS_DENIED" -> KasClientException.Kind.DENIED;
            case "POLICY_UNAVAILABLE", "KEY_PROVIDER_UNAVAILABLE" -> KasClientException.Kind.UNAVAILABLE;
            default -> KasClientException.Kind.REJECTED;
        };
        throw new KasClientException(kind, "KAS " + kasUrl + " released no key: " + (result.error() == null ? "no result"
                : result.error()) + (reasons.isEmpty() ? "" : " " + reasons), reasons);
    }

    private RewrapResponse post(String kasUrl, String bearerToken, String body, Cancellation cancellation) throws KasClientException {
        String url = trimSlash(kasUrl) + "/v2/rewrap";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + bearerToken);
        Request request = () -> KasHttp.post(url, headers, body, timeout, cancellation);
        KasHttp.Response response = send(request, kasUrl);
        for (int retry = 0; retry < MAX_RETRIES; retry++) {
            Optional<Duration> wait = retryAfter(response);
            if (wait.isEmpty() || cancellation.isCancelled()) {
                break;
            }
            pause(wait.get());
            response = send(request, kasUrl);
        }
        if (response.status() == 401) {
            throw new KasClientException(KasClientException.Kind.UNAUTHENTICATED, "KAS " + kasUrl + " refused the credentials: "
                    + error(response, kasUrl), List.of());
        }
        if (response.status() != 200) {
            throw new KasClientException(response.status() >= 500 ? KasClientException.Kind.UNAVAILABLE
                    : KasClientException.Kind.REJECTED, "KAS " + kasUrl + " refused the request: " + error(response, kasUrl), List.of());
        }
        try {
            return OpenTdfJson.readRewrapResponse(response.body());
        } catch (ZtdfException e) {
            throw unreadable(response, kasUrl, e);
        }
    }

    /**
     * How long the KAS asks to wait before a retry: only for a request it did not admit (429, or 503
     * with {@code Retry-After} in seconds), and only up to {@link #MAX_RETRY_WAIT}.
     */
    static Optional<Duration> retryAfter(KasHttp.Response response) {
        if (response.status() != 429 && response.status() != 503) {
            return Optional.empty();
        }
        Optional<String> header = response.retryAfter();
        if (header.isEmpty()) {
            return response.status() == 429 ? Optional.of(Duration.ofSeconds(1)) : Optional.empty();
        }
        try {
            Duration wait = Duration.ofSeconds(Long.parseLong(header.get().trim()));
            return wait.isNegative() || wait.compareTo(MAX_RETRY_WAIT) > 0 ? Optional.empty() : Optional.of(wait);
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: the KAS sends seconds, so this is no KAS of ours
        }
    }

    private static void pause(Duration wait) throws KasClientException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
        }
    }

    /** One HTTP exchange with a KAS. */
    private interface Request {
        KasHttp.Response send() throws IOException;
    }

    private static KasHttp.Response send(Request request, String kasUrl) throws KasClientException {
        try {
            return request.send();
        } catch (KasHttp.CancelledException e) {
            throw cancelled(kasUrl);
        } catch (IOException e) {
            throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "KAS " + kasUrl + " unreachable: " + e, List.of());
        } catch (IllegalArgumentException e) {
            throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "invalid KAS url or request: " + e.getMessage(), List.of());
        }
    }

    /** The {@code error} of a KAS error body, else the HTTP status. */
    private static String error(KasHttp.Response response, String kasUrl) throws KasClientException {
        try {
            return OpenTdfJson.readError(response.body()).orElse("HTTP " + response.status());
        } catch (ZtdfException e) {
            throw unreadable(response, kasUrl, e);
        }
    }

    private static KasClientException unreadable(KasHttp.Response response, String kasUrl, ZtdfException e) {
        return new KasClientException(response.status() >= 500 ? KasClientException.Kind.UNAVAILABLE
                : KasClientException.Kind.BAD_RESPONSE, "KAS " + kasUrl + " answered HTTP " + response.status()
                + " with an unusable body: " + e.getMessage(), List.of());
    }

    private static KasClientException cancelled(String kasUrl) {
        return new KasClientException(KasClientException.Kind.UNAVAILABLE, "the request to KAS " + kasUrl + " was cancelled", List.of());
    }

    private ClientKey clientKey() throws GeneralSecurityException {
        prepareClientKey();
        try {
            return clientKey.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof GeneralSecurityException cause ? cause
                    : new GeneralSecurityException("client key generation failed", e.getCause());
        }
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
