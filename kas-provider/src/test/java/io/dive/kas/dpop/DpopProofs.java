package io.dive.kas.dpop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/** DPoP proofs made with the JDK alone (no code of the KAS), each part changeable to attack it. */
final class DpopProofs {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String URL = "https://kas.example/kas.AccessService/Rewrap";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

    final KeyPair key;
    ObjectNode header = JSON.createObjectNode();
    ObjectNode claims = JSON.createObjectNode();
    KeyPair signer;

    DpopProofs() throws Exception {
        this(ecKey());
    }

    DpopProofs(KeyPair key) {
        this.key = key;
        this.signer = key;
        header.put("typ", "dpop+jwt").put("alg", "ES256").set("jwk", jwk((ECPublicKey) key.getPublic()));
        claims.put("jti", UUID.randomUUID().toString()).put("htm", "POST").put("htu", URL)
                .put("iat", Instant.now().getEpochSecond()).put("ath", sha256(TOKEN));
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static ObjectNode jwk(ECPublicKey key) {
        return JSON.createObjectNode().put("kty", "EC").put("crv", "P-256").put("x", b64(fixed(key.getW().getAffineX())))
                .put("y", b64(fixed(key.getW().getAffineY())));
    }

    /** RFC 7638 thumbprint, computed here independently of the KAS. */
    String thumbprint() throws Exception {
        ObjectNode jwk = jwk((ECPublicKey) key.getPublic());
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x").asText() + "\",\"y\":\""
                + jwk.get("y").asText() + "\"}";
        return b64(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** With the private scalar in the jwk too (a client that leaks its key). */
    DpopProofs withPrivateJwk() {
        ((ObjectNode) header.get("jwk")).put("d", b64(fixed(((ECPrivateKey) key.getPrivate()).getS())));
        return this;
    }

    String sign() throws Exception {
        String input = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
        String alg = header.path("alg").asText();
        if ("none".equals(alg)) {
            return input + ".";
        }
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(signer.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(signature.sign());
    }

    static String sha256(String text) {
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return bytes.length == 32 ? bytes : Arrays.copyOf(out, 32);
    }
}
