package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Compact JWS with the asymmetric algorithms OpenTDF clients use for the signed request token
 * (RS/PS/ES 256, 384, 512), and HS256 for the label assertion's binding. One implementation for
 * the client that signs and the KAS that verifies, the writer that binds and the reader that checks.
 */
public final class Jws {

    private static final int MAX_TOKEN_CHARS = 1 << 20;
    private static final String HS256 = "HS256";
    private static final java.util.Set<String> EC_ALGORITHMS = java.util.Set.of("ES256", "ES384", "ES512");

    private Jws() {
    }

    /** A JWS whose signature verified: its header and payload. */
    public record Verified(JsonNode header, JsonNode payload) {
    }

    /** Signs {@code claims} with RS256 (RSA key) or ES256 (EC P-256 key). */
    public static String sign(PrivateKey key, ObjectNode claims) throws GeneralSecurityException {
        if (key instanceof ECKey ec && ec.getParams().getOrder().bitLength() != 256) {
            throw new GeneralSecurityException("only P-256 EC keys sign (ES256)");
        }
        String alg = key instanceof ECKey ? "ES256" : "RS256";
        String input = signingInput(alg, claims);
        Signature signature = signature(alg);
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        byte[] sig = signature.sign();
        if (alg.startsWith("ES")) {
            sig = derToConcat(sig, 32);
        }
        return input + "." + Crypto.base64Url(sig);
    }

    /** Signs {@code claims} with HS256 under {@code key} (the label assertion's binding, keyed by the data key). */
    public static String signHs256(byte[] key, ObjectNode claims) throws GeneralSecurityException {
        String input = signingInput(HS256, claims);
        return input + "." + Crypto.base64Url(Crypto.hmacSha256(key, input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Verifies an HS256 JWS under {@code key} in constant time; any other {@code alg} is refused. */
    public static Verified verifyHs256(String compact, byte[] key) throws GeneralSecurityException {
        Parsed parsed = parts(compact);
        String alg = parsed.header().path("alg").asText("");
        if (!HS256.equals(alg)) {
            throw new GeneralSecurityException("signature algorithm '" + alg + "' is not HS256");
        }
        byte[] expected = Crypto.hmacSha256(key, parsed.signingInput().getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, parsed.signature())) {
            throw new GeneralSecurityException("the HS256 signature does not verify");
        }
        return new Verified(parsed.header(), parsed.payload());
    }

    /**
     * {@code base64url(header) "." base64url(claims)}, the header {@code {"alg":…,"typ":"JWT"}} in that
     * order; the claims in their order, written by {@link JsonTree} as every other DIVE JSON is.
     */
    private static String signingInput(String alg, ObjectNode claims) {
        ObjectNode header = JsonTree.object().put("alg", alg).put("typ", "JWT");
        return Crypto.base64Url(JsonTree.writeBytes(header)) + "." + Crypto.base64Url(JsonTree.writeBytes(claims));
    }

    /** The payload of a compact JWS, NOT verified (to find the key that must verify it). */
    public static JsonNode unverifiedPayload(String compact) throws GeneralSecurityException {
        return parts(compact).payload();
    }

    /** The header of a compact JWS, NOT verified (to tell an unsupported algorithm from a bad signature). */
    public static JsonNode unverifiedHeader(String compact) throws GeneralSecurityException {
        return parts(compact).header();
    }

    /**
     * Verifies {@code compact} with {@code key}; the header's {@code alg} must be an asymmetric
     * algorithm matching the key type ({@code none} and HMAC are refused).
     */
    public static Verified verify(String compact, PublicKey key) throws GeneralSecurityException {
        Parsed parsed = parts(compact);
        String alg = parsed.header().path("alg").asText("");
        boolean ec = alg.startsWith("ES");
        boolean rsa = alg.startsWith("RS") || alg.startsWith("PS");
        if (!(ec || rsa) || (ec && !(key instanceof ECKey)) || (rsa && !(key instanceof RSAKey))) {
            throw new GeneralSecurityException("signature algorithm '" + alg + "' does not fit the client key");
        }
        Signature signature = ec ? ecVerifier(alg) : signature(alg);
        try {
            signature.initVerify(key);
        } catch (IllegalArgumentException e) { // BouncyCastle's word for an off-curve point
            throw new java.security.InvalidKeyException("the client public key is not a valid EC point");
        }
        signature.update(parsed.signingInput().getBytes(StandardCharsets.US_ASCII));
        byte[] sig = parsed.signature();
        if (ec) {
            sig = concatToDer(sig);
        }
        boolean ok;
        try {
            ok = signature.verify(sig);
        } catch (java.security.SignatureException e) {
            ok = false;
        }
        if (!ok) {
            throw new GeneralSecurityException("the signature does not verify with the client public key");
        }
        return new Verified(parsed.header(), parsed.payload());
    }

    private record Parsed(JsonNode header, JsonNode payload, String signingInput, byte[] signature) {
    }

    private static Parsed parts(String compact) throws GeneralSecurityException {
        if (compact == null || compact.length() > MAX_TOKEN_CHARS) {
            throw new GeneralSecurityException("the token is missing or too long");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new GeneralSecurityException("the token is not a compact JWS (three dot-separated parts)");
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = JsonTree.read(decoder.decode(parts[0]));
            JsonNode payload = JsonTree.read(decoder.decode(parts[1]));
            if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
                throw new GeneralSecurityException("the token's header and payload must be JSON objects");
            }
            return new Parsed(header, payload, parts[0] + "." + parts[1], decoder.decode(parts[2]));
        } catch (IOException | IllegalArgumentException e) {
            throw new GeneralSecurityException("the token is not base64url JSON");
        }
    }

    private static Signature signature(String alg) throws GeneralSecurityException {
        return switch (alg) {
            case "RS256" -> Signature.getInstance("SHA256withRSA");
            case "RS384" -> Signature.getInstance("SHA384withRSA");
            case "RS512" -> Signature.getInstance("SHA512withRSA");
            case "ES256" -> Signature.getInstance("SHA256withECDSA");
            case "ES384" -> Signature.getInstance("SHA384withECDSA");
            case "ES512" -> Signature.getInstance("SHA512withECDSA");
            case "PS256" -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
            case "PS384" -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
            case "PS512" -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
            default -> throw new GeneralSecurityException("unsupported signature algorithm '" + alg + "'");
        };
    }

    /** An ECDSA verifier: public inputs only, so {@link FastEc} may compute it. */
    private static Signature ecVerifier(String alg) throws GeneralSecurityException {
        Provider fast = FastEc.provider();
        if (fast == null || !EC_ALGORITHMS.contains(alg)) {
            return signature(alg);
        }
        return Signature.getInstance("SHA" + alg.substring(2) + "withECDSA", fast);
    }

    private static Signature pss(String digest, MGF1ParameterSpec mgf, int salt) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("RSASSA-PSS");
        signature.setParameter(new PSSParameterSpec(digest, "MGF1", mgf, salt, 1));
        return signature;
    }

    /** JOSE ECDSA signatures are R || S; the JDK speaks DER. */
    private static byte[] concatToDer(byte[] concat) throws GeneralSecurityException {
        if (concat.length == 0 || concat.length % 2 != 0 || concat.length > 132) {
            throw new GeneralSecurityException("malformed ECDSA signature");
        }
        int half = concat.length / 2;
        byte[] r = derInteger(Arrays.copyOfRange(concat, 0, half));
        byte[] s = derInteger(Arrays.copyOfRange(concat, half, concat.length));
        int length = r.length + s.length;
        byte[] prefix = length < 128 ? new byte[] {0x30, (byte) length} : new byte[] {0x30, (byte) 0x81, (byte) length};
        byte[] der = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(r, 0, der, prefix.length, r.length);
        System.arraycopy(s, 0, der, prefix.length + r.length, s.length);
        return der;
    }

    private static byte[] derInteger(byte[] value) {
        int start = 0;
        while (start < value.length - 1 && value[start] == 0) {
            start++;
        }
        boolean pad = (value[start] & 0x80) != 0;
        int length = value.length - start + (pad ? 1 : 0);
        byte[] out = new byte[2 + length];
        out[0] = 0x02;
        out[1] = (byte) length;
        System.arraycopy(value, start, out, 2 + (pad ? 1 : 0), value.length - start);
        return out;
    }

    private static byte[] derToConcat(byte[] der, int size) throws GeneralSecurityException {
        int offset = (der[1] & 0x80) != 0 ? 3 : 2;
        byte[] out = new byte[2 * size];
        for (int part = 0; part < 2; part++) {
            if (der[offset] != 0x02) {
                throw new GeneralSecurityException("malformed DER signature");
            }
            int length = der[offset + 1];
            int start = offset + 2;
            int skip = Math.max(0, length - size);
            System.arraycopy(der, start + skip, out, part * size + size - (length - skip), length - skip);
            offset = start + length;
        }
        return out;
    }
}
