package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;

/**
 * The OpenTDF signed request token: a JWS (RS/PS/ES 256–512) with {@code iat}, {@code exp} and a
 * string claim {@code requestBody} holding the {@link RewrapRequest} JSON, sent as
 * {@code {"signedRequestToken": ...}}. The one place that builds a signed rewrap request
 * ({@link #sign}) and reads one ({@link #read}, then {@link #verify} with the key it names).
 */
public final class SignedRequestToken {

    /** How long a token the DIVE client signs is valid. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private final String token;
    private final RewrapRequest request;

    private SignedRequestToken(String token, RewrapRequest request) {
        this.token = token;
        this.request = request;
    }

    /** The claims of a token whose signature verified. */
    public record Verified(RewrapRequest request, Long issuedAt, Long expiresAt) {
    }

    /**
     * The body of a rewrap POST: {@code request} signed by {@code signer} (RS256 or ES256), issued at
     * {@code issuedAt} and valid for {@link #LIFETIME}.
     */
    public static String sign(RewrapRequest request, PrivateKey signer, Instant issuedAt) throws GeneralSecurityException {
        long iat = issuedAt.getEpochSecond();
        ObjectNode claims = JsonTree.object().put("requestBody", OpenTdfJson.writeRewrapRequest(request)).put("iat", iat)
                .put("exp", iat + LIFETIME.toSeconds());
        return OpenTdfJson.envelope(Jws.sign(signer, claims));
    }

    /**
     * Reads a rewrap POST body and the request its token carries, NOT yet verified: the request
     * names the key that must have signed it ({@code clientPublicKey}).
     *
     * @throws ZtdfException {@code MALFORMED_MESSAGE} when the body or the request body is malformed
     * @throws GeneralSecurityException when the token is not a compact JWS of JSON
     */
    public static SignedRequestToken read(String body) throws ZtdfException, GeneralSecurityException {
        String token = OpenTdfJson.signedRequestToken(body);
        JsonNode requestBody = Jws.unverifiedPayload(token).get("requestBody");
        if (requestBody == null || !requestBody.isTextual()) {
            throw JsonFields.MESSAGE.malformed("requestBody", "is missing or not a string");
        }
        return new SignedRequestToken(token, OpenTdfJson.readRewrapRequest(requestBody.textValue()));
    }

    /** The request as read (trust it only after {@link #verify}). */
    public RewrapRequest request() {
        return request;
    }

    /** Verifies the signature with {@code key}; the times are for the caller to judge. */
    public Verified verify(PublicKey key) throws GeneralSecurityException {
        JsonNode claims = Jws.verify(token, key).payload();
        return new Verified(request, time(claims, "iat"), time(claims, "exp"));
    }

    private static Long time(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value != null && value.canConvertToLong() && value.isNumber() ? value.asLong() : null;
    }
}
