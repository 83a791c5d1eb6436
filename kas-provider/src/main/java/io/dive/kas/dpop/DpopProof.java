package io.dive.kas.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.model.SafeText;
import io.dive.ztdf.Jws;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * One DPoP proof (RFC 9449 §4.3) checked on its own: a {@code dpop+jwt} signed with an asymmetric
 * algorithm by the public key in its {@code jwk} header (never a private key), for this request's
 * method ({@code htm}) and public URL ({@code htu}), issued within the accepted window
 * ({@code iat}), bound to the access token ({@code ath}) and carrying a {@code jti}. The checks
 * that need more than the proof — the key thumbprint against the token's {@code cnf.jkt} and the
 * {@code jti} replay — are {@link DpopBinding}'s.
 *
 * @param key the proof's public key (the key the signed request token must be signed with)
 * @param thumbprint the RFC 7638 SHA-256 thumbprint of {@code key}, base64url
 * @param jti the proof's unique id
 */
public record DpopProof(PublicKey key, String thumbprint, String jti) {

    static final int MAX_PROOF_CHARS = 8192;
    static final int MAX_JTI_CHARS = 256;
    /** JWK members that only a private or symmetric key has: such a proof is refused outright. */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final java.util.Map<String, String> CURVE_ALGORITHMS = java.util.Map.of("P-256", "ES256", "P-384", "ES384",
            "P-521", "ES512");
    private static final Set<String> ALGORITHMS = Set.of("ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256",
            "PS384", "PS512");

    /**
     * Checks {@code proof} for a request.
     *
     * @param method the request's HTTP method
     * @param urls the public URLs this request may be addressed as (the proof's {@code htu} must be one)
     * @param accessToken the access token sent with it (for {@code ath})
     * @param window how far {@code iat} may be from now, either way
     */
    public static DpopProof verify(String proof, String method, List<String> urls, String accessToken, Instant now,
            Duration window) throws DpopRefusal {
        if (proof == null || proof.isBlank()) {
            throw DpopRefusal.of("Authorization: DPoP needs a DPoP header: a proof (RFC 9449) signed by the token's key");
        }
        if (proof.length() > MAX_PROOF_CHARS) {
            throw DpopRefusal.of("the DPoP proof is longer than " + MAX_PROOF_CHARS + " characters");
        }
        JsonNode header;
        try {
            header = Jws.unverifiedHeader(proof);
        } catch (GeneralSecurityException e) {
            throw DpopRefusal.of("the DPoP header is not a compact JWS: " + e.getMessage());
        }
        if (!"dpop+jwt".equals(header.path("typ").asText())) {
            throw DpopRefusal.of("the DPoP proof's typ must be dpop+jwt");
        }
        String alg = header.path("alg").asText("");
        if (!ALGORITHMS.contains(alg)) {
            throw DpopRefusal.of("the DPoP proof's alg '" + SafeText.of(alg, 20) + "' is not one of " + ALGORITHMS);
        }
        PublicKey key = publicKey(header.get("jwk"));
        String curveAlg = CURVE_ALGORITHMS.get(header.get("jwk").path("crv").asText(""));
        if (alg.startsWith("ES") && !alg.equals(curveAlg)) {
            throw DpopRefusal.of("the DPoP proof's alg " + alg + " does not fit its key's curve");
        }
        JsonNode claims;
        try {
            claims = Jws.verify(proof, key).payload();
        } catch (GeneralSecurityException e) {
            throw DpopRefusal.of("the DPoP proof's signature does not verify with its jwk header: " + e.getMessage());
        }
        String htm = claims.path("htm").asText("");
        if (!htm.equals(method)) {
            throw DpopRefusal.of("the DPoP proof's htm '" + SafeText.of(htm, 20) + "' is not this request's method " + method);
        }
        String htu = claims.path("htu").asText("");
        if (urls.stream().noneMatch(url -> normalized(url).equals(normalized(htu)))) {
            throw DpopRefusal.of("the DPoP proof's htu '" + SafeText.of(htu, 200) + "' is not this request's URL " + urls.get(0));
        }
        JsonNode iat = claims.get("iat");
        if (iat == null || !iat.isNumber()) {
            throw DpopRefusal.of("the DPoP proof has no numeric iat");
        }
        if (Math.abs(now.getEpochSecond() - iat.asLong()) > window.toSeconds()) {
            throw DpopRefusal.of("the DPoP proof's iat is more than " + window.toSeconds() + " s from the KAS's clock: make a "
                    + "fresh proof for every request");
        }
        if (!ath(accessToken).equals(claims.path("ath").asText(""))) {
            throw DpopRefusal.of("the DPoP proof's ath is not the SHA-256 of the access token sent with it");
        }
        String jti = claims.path("jti").asText("");
        if (jti.isEmpty() || jti.length() > MAX_JTI_CHARS) {
            throw DpopRefusal.of("the DPoP proof needs a jti of 1.." + MAX_JTI_CHARS + " characters");
        }
        return new DpopProof(key, thumbprint(header.get("jwk")), jti);
    }

    /** base64url(SHA-256(ASCII(token))), the proof's {@code ath}. */
    static String ath(String accessToken) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(accessToken));
    }

    /** Scheme and host lower-cased, default ports dropped, no query or fragment (RFC 9449 §4.3, RFC 3986 §6.2). */
    static String normalized(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(java.util.Locale.ROOT)
                    + (defaultPort ? "" : ":" + port) + path;
        } catch (IllegalArgumentException e) {
            return "invalid:" + url;
        }
    }

    private static PublicKey publicKey(JsonNode jwk) throws DpopRefusal {
        if (jwk == null || !jwk.isObject()) {
            throw DpopRefusal.of("the DPoP proof has no jwk header (the public key it is signed with)");
        }
        for (String member : PRIVATE_MEMBERS) {
            if (jwk.has(member)) {
                throw DpopRefusal.of("the DPoP proof's jwk holds a private or symmetric key ('" + member + "'): send the public key only");
            }
        }
        try {
            switch (jwk.path("kty").asText("")) {
                case "EC" -> {
                    String curve = switch (jwk.path("crv").asText("")) {
                        case "P-256" -> "secp256r1";
                        case "P-384" -> "secp384r1";
                        case "P-521" -> "secp521r1";
                        default -> throw DpopRefusal.of("the DPoP proof's jwk crv must be P-256, P-384 or P-521");
                    };
                    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                    parameters.init(new ECGenParameterSpec(curve));
                    ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
                    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point,
                            parameters.getParameterSpec(ECParameterSpec.class)));
                }
                case "RSA" -> {
                    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e")));
                }
                default -> throw DpopRefusal.of("the DPoP proof's jwk kty must be EC or RSA");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw DpopRefusal.of("the DPoP proof's jwk is not a usable public key");
        }
    }

    /** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
    private static String thumbprint(JsonNode jwk) {
        String kty = jwk.path("kty").asText();
        String canonical = "EC".equals(kty)
                ? "{\"crv\":\"" + jwk.path("crv").asText() + "\",\"kty\":\"EC\",\"x\":\"" + jwk.path("x").asText()
                        + "\",\"y\":\"" + jwk.path("y").asText() + "\"}"
                : "{\"e\":\"" + jwk.path("e").asText() + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.path("n").asText() + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(canonical));
    }

    private static BigInteger unsigned(JsonNode jwk, String member) throws DpopRefusal {
        String value = jwk.path(member).asText("");
        if (value.isEmpty() || value.length() > 1400 || !value.matches("[A-Za-z0-9_-]+")) {
            throw DpopRefusal.of("the DPoP proof's jwk has no valid '" + member + "'");
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(value));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
