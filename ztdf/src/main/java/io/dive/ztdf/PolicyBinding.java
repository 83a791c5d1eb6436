package io.dive.ztdf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The OpenTDF policy binding of a key access object ({@code policyBinding {alg, hash}}), computed by
 * the writer and checked by the reader and the KAS.
 *
 * @param alg the binding algorithm; {@code HS256} is the only one
 * @param hash base64(hex(HMAC-SHA256(data key or key split, base64 policy))), or the raw 32-byte form
 */
public record PolicyBinding(String alg, String hash) {

    public static final String HS256 = "HS256";

    public PolicyBinding {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(hash, "hash");
    }

    /** The binding of {@code policyBase64} under {@code key}, in the hex form OpenTDF writes. */
    public static PolicyBinding compute(byte[] key, String policyBase64) {
        byte[] mac = Crypto.hmacSha256(key, policyBase64.getBytes(StandardCharsets.US_ASCII));
        return new PolicyBinding(HS256, Base64.getEncoder().encodeToString(
                HexFormat.of().formatHex(mac).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Constant-time check under {@code key}, accepting the hex form and the raw 32-byte form; any other alg fails. */
    public boolean matches(byte[] key, String policyBase64) {
        if (!HS256.equals(alg)) {
            return false;
        }
        byte[] expected = Crypto.hmacSha256(key, policyBase64.getBytes(StandardCharsets.US_ASCII));
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (presented.length == 64) {
            try {
                presented = HexFormat.of().parseHex(new String(presented, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return MessageDigest.isEqual(expected, presented);
    }
}
