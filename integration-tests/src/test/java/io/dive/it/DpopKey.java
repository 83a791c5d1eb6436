package io.dive.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A DPoP client key (ES256, RFC 9449) made with the JDK alone: proofs for the token endpoint and
 * for resource requests, each claim or header changeable to attack the KAS.
 */
final class DpopKey {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final KeyPair pair;

    DpopKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.pair = generator.generateKeyPair();
    }

    /** A proof for {@code method url}, bound to {@code accessToken} when given; {@code change} edits header and claims. */
    String proof(String method, String url, String accessToken, Consumer<ObjectNode[]> change) throws Exception {
        ObjectNode header = JSON.createObjectNode().put("typ", "dpop+jwt").put("alg", "ES256");
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        header.set("jwk", JSON.createObjectNode().put("kty", "EC").put("crv", "P-256").put("x", b64(fixed(key.getW().getAffineX())))
                .put("y", b64(fixed(key.getW().getAffineY()))));
        ObjectNode claims = JSON.createObjectNode().put("jti", UUID.randomUUID().toString()).put("htm", method).put("htu", url)
                .put("iat", Instant.now().getEpochSecond());
        if (accessToken != null) {
            claims.put("ath", b64(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
        }
        change.accept(new ObjectNode[] {header, claims});
        String input = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
        if ("none".equals(header.path("alg").asText())) {
            return input + ".";
        }
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(pair.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(signature.sign());
    }

    String proof(String method, String url, String accessToken) throws Exception {
        return proof(method, url, accessToken, parts -> { });
    }

    /** A client-credentials token of {@code clientId}, asked for with a DPoP proof of this key; the token response. */
    JsonNode clientCredentials(String tokenEndpoint, String clientId, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", proof("POST", tokenEndpoint, null))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("token request of " + clientId + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return out;
    }
}
