package io.dive.ztdf.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.ztdf.Jws;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import io.dive.ztdf.ZtdfReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talks to a KAS: fetches its public keys and asks it to rewrap data keys (OpenTDF v2 body inside
 * a signed request token, signed by the client's own ephemeral key the key is wrapped to).
 */
public final class KasClient {

    /** Which client key the KAS wraps released keys to. */
    public enum ClientKeyType { RSA, EC }

    /**
     * A KAS public key.
     *
     * @param wrapHash for RSA keys, the OAEP hash the KAS uses for this kid
     */
    public record KasPublicKey(String url, String kid, String algorithm, PublicKey publicKey, KeyWrapping.OaepHash wrapHash) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;
    private final ClientKeyType clientKeyType;
    /** One client key per client instance (RSA key generation costs tens of milliseconds). */
    private KeyPair clientKey;

    public KasClient() {
        this(Duration.ofSeconds(30), ClientKeyType.RSA);
    }

    public KasClient(Duration timeout, ClientKeyType clientKeyType) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        this.timeout = timeout;
        this.clientKeyType = clientKeyType;
    }

    /** The KAS's active key for {@code rsa:2048} or {@code ec:secp256r1}. */
    public KasPublicKey publicKey(String kasUrl, String algorithm) throws KasClientException {
        String url = trimSlash(kasUrl) + "/v2/kas_public_key?v=2&algorithm=" + URLEncoder.encode(algorithm, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(), kasUrl);
        JsonNode body = json(response, kasUrl);
        if (response.statusCode() != 200) {
            throw new KasClientException(response.statusCode() >= 500 ? KasClientException.Kind.UNAVAILABLE
                    : KasClientException.Kind.REJECTED, "KAS " + kasUrl + " has no public key for " + algorithm + ": "
                    + body.path("error").asText("HTTP " + response.statusCode()), List.of());
        }
        try {
            PublicKey key = Pem.parsePublicKey(body.path("publicKey").asText(""));
            KeyWrapping.OaepHash hash = body.has("wrapAlgorithm") ? KeyWrapping.OaepHash.fromJwkAlg(body.path("wrapAlgorithm").asText())
                    : KeyWrapping.OaepHash.SHA1;
            return new KasPublicKey(trimSlash(kasUrl), body.path("kid").asText(""), body.path("algorithm").asText(algorithm),
                    key, hash);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "KAS " + kasUrl + " sent an unusable public key: "
                    + e.getMessage(), List.of());
        }
    }

    /**
     * Asks the KAS at {@code kao.url()} for the data key of one key access object.
     *
     * @return the data key
     */
    public byte[] rewrap(String bearerToken, String policy, ZtdfReader.KeyAccessObject kao) throws KasClientException {
        return rewrap(kao.url(), bearerToken, policy, kao);
    }

    /** As {@link #rewrap(String, String, ZtdfReader.KeyAccessObject)}, sent to {@code kasUrl} whatever the object says. */
    public byte[] rewrap(String kasUrl, String bearerToken, String policy, ZtdfReader.KeyAccessObject kao) throws KasClientException {
        KeyPair clientKey;
        String signedRequestToken;
        try {
            clientKey = newClientKey();
            ObjectNode body = JSON.createObjectNode();
            body.put("clientPublicKey", Pem.publicKey(clientKey.getPublic()));
            ObjectNode request = body.putArray("requests").addObject();
            request.put("algorithm", clientKeyType == ClientKeyType.EC ? "ec:secp256r1" : "rsa:2048");
            request.putObject("policy").put("id", "policy-0").put("body", policy);
            ObjectNode item = request.putArray("keyAccessObjects").addObject();
            item.put("keyAccessObjectId", "kao-0");
            item.set("keyAccessObject", keyAccessObject(kao));
            long now = Instant.now().getEpochSecond();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("requestBody", JSON.writeValueAsString(body));
            claims.put("iat", now);
            claims.put("exp", now + 60);
            signedRequestToken = Jws.sign(clientKey.getPrivate(), claims);
        } catch (GeneralSecurityException | IOException e) {
            throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "cannot build the rewrap request: " + e.getMessage(), List.of());
        }
        JsonNode answer = post(kasUrl, bearerToken, Map.of("signedRequestToken", signedRequestToken));
        JsonNode result = answer.path("responses").path(0).path("results").path(0);
        if ("permit".equals(result.path("status").asText())) {
            try {
                byte[] wrapped = Base64.getDecoder().decode(result.path("kasWrappedKey").asText(""));
                if (clientKeyType == ClientKeyType.RSA) {
                    return KeyWrapping.rsaOaepUnwrap(clientKey.getPrivate(), KeyWrapping.OaepHash.SHA1, wrapped);
                }
                PublicKey session = Pem.parsePublicKey(answer.path("sessionPublicKey").asText(""));
                return KeyWrapping.open(KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(clientKey.getPrivate(), session)), wrapped);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "the KAS's wrapped key does not open: "
                        + e.getMessage(), List.of());
            }
        }
        List<String> reasons = new ArrayList<>();
        result.path("metadata").path("reasons").forEach(reason -> reasons.add(reason.path("code").asText()));
        String failure = result.path("metadata").path("failure").asText("");
        KasClientException.Kind kind = switch (failure) {
            case "ACCESS_DENIED" -> KasClientException.Kind.DENIED;
            case "POLICY_UNAVAILABLE", "KEY_PROVIDER_UNAVAILABLE" -> KasClientException.Kind.UNAVAILABLE;
            default -> KasClientException.Kind.REJECTED;
        };
        throw new KasClientException(kind, "KAS " + kasUrl + " released no key: " + result.path("error").asText("no result")
                + (reasons.isEmpty() ? "" : " " + reasons), reasons);
    }

    private JsonNode post(String kasUrl, String bearerToken, Map<String, String> body) throws KasClientException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(trimSlash(kasUrl) + "/v2/rewrap")).timeout(timeout)
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearerToken)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new KasClientException(KasClientException.Kind.BAD_RESPONSE, "invalid KAS url or request: " + e.getMessage(), List.of());
        }
        HttpResponse<String> response = send(request, kasUrl);
        JsonNode answer = json(response, kasUrl);
        if (response.statusCode() == 401) {
            throw new KasClientException(KasClientException.Kind.UNAUTHENTICATED, "KAS " + kasUrl + " refused the credentials: "
                    + answer.path("error").asText("HTTP 401"), List.of());
        }
        if (response.statusCode() != 200) {
            throw new KasClientException(response.statusCode() >= 500 ? KasClientException.Kind.UNAVAILABLE
                    : KasClientException.Kind.REJECTED, "KAS " + kasUrl + " refused the request: "
                    + answer.path("error").asText("HTTP " + response.statusCode()), List.of());
        }
        return answer;
    }

    private HttpResponse<String> send(HttpRequest request, String kasUrl) throws KasClientException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "KAS " + kasUrl + " unreachable: " + e, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KasClientException(KasClientException.Kind.UNAVAILABLE, "interrupted", List.of());
        }
    }

    private static JsonNode json(HttpResponse<String> response, String kasUrl) throws KasClientException {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new KasClientException(response.statusCode() >= 500 ? KasClientException.Kind.UNAVAILABLE
                    : KasClientException.Kind.BAD_RESPONSE, "KAS " + kasUrl + " answered HTTP " + response.statusCode()
                    + " without a JSON body", List.of());
        }
    }

    /** The key access object as written in the manifest (what the KAS needs to unwrap and check). */
    public static ObjectNode keyAccessObject(ZtdfReader.KeyAccessObject kao) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", kao.type()).put("url", kao.url()).put("protocol", kao.protocol()).put("wrappedKey", kao.wrappedKey())
                .put("kid", kao.kid()).put("sid", kao.sid());
        node.putObject("policyBinding").put("alg", kao.policyBindingAlg()).put("hash", kao.policyBindingHash());
        if (kao.ephemeralPublicKey() != null) {
            node.put("ephemeralPublicKey", kao.ephemeralPublicKey());
        }
        return node;
    }

    private synchronized KeyPair newClientKey() throws GeneralSecurityException {
        if (clientKey == null) {
            if (clientKeyType == ClientKeyType.EC) {
                clientKey = KeyWrapping.newEcKeyPair();
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                clientKey = generator.generateKeyPair();
            }
        }
        return clientKey;
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
