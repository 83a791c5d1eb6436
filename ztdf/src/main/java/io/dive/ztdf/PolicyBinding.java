package io.dive.ztdf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/** The OpenTDF policy binding, computed by the writer and checked by the reader and the KAS. */
public final class PolicyBinding {

    private PolicyBinding() {
    }

    /** OpenTDF policy binding: base64(hex(HMAC-SHA256(data key, base64 policy))). */
    public static String compute(byte[] key, String policyBase64) {
        byte[] mac = Crypto.hmacSha256(key, policyBase64.getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(HexFormat.of().formatHex(mac).getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time check of a binding, accepting the hex form and the raw 32-byte form. */
    public static boolean matches(byte[] key, String policyBase64, String binding) {
        byte[] expected = Crypto.hmacSha256(key, policyBase64.getBytes(StandardCharsets.US_ASCII));
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(binding);
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
