package io.dive.ztdf;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

/**
 * An OpenTDF key access object: where the (share of the) data key is, wrapped for which KAS key,
 * and bound to which policy. The same record in the manifest, in a rewrap request and in the KAS;
 * {@link OpenTdfJson} reads and writes it.
 *
 * @param type {@code wrapped} or {@code ec-wrapped}
 * @param url the KAS that can unwrap it
 * @param protocol {@code kas}
 * @param wrappedKey base64 of the wrapped key (share)
 * @param policyBinding the binding of the policy under the key (share)
 * @param kid the KAS key id ("" when the file names none: the KAS's active key)
 * @param sid the key split id ("" when the key is not split)
 * @param ephemeralPublicKey for {@code ec-wrapped}, the PEM ephemeral public key; else null
 * @param encryptedMetadata OpenTDF's encrypted metadata, carried as is; null when absent
 */
public record KeyAccessObject(KeyAccessType type, String url, String protocol, String wrappedKey, PolicyBinding policyBinding,
        String kid, String sid, String ephemeralPublicKey, String encryptedMetadata) {

    public static final String PROTOCOL = "kas";

    public KeyAccessObject {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        Objects.requireNonNull(policyBinding, "policyBinding");
        protocol = protocol == null ? PROTOCOL : protocol;
        kid = kid == null ? "" : kid;
        sid = sid == null ? "" : sid;
    }

    /** Wraps {@code key} (the data key or its share) for {@code recipient} and binds {@code policyBase64} to it. */
    public static KeyAccessObject wrap(KasRecipient recipient, byte[] key, String policyBase64) throws GeneralSecurityException {
        KeyWrapper.Wrapped wrapped = recipient.wrapper().wrap(key);
        return new KeyAccessObject(recipient.wrapper().type(), recipient.url(), PROTOCOL,
                Base64.getEncoder().encodeToString(wrapped.wrappedKey()), PolicyBinding.compute(key, policyBase64),
                recipient.kid(), recipient.sid(), wrapped.ephemeralPublicKey(), null);
    }

    public KeyAccessObject withUrl(String newUrl) {
        return new KeyAccessObject(type, newUrl, protocol, wrappedKey, policyBinding, kid, sid, ephemeralPublicKey,
                encryptedMetadata);
    }

    public KeyAccessObject withKid(String newKid) {
        return new KeyAccessObject(type, url, protocol, wrappedKey, policyBinding, newKid, sid, ephemeralPublicKey,
                encryptedMetadata);
    }

    public KeyAccessObject withWrappedKey(String newWrappedKey) {
        return new KeyAccessObject(type, url, protocol, newWrappedKey, policyBinding, kid, sid, ephemeralPublicKey,
                encryptedMetadata);
    }

    public KeyAccessObject withPolicyBinding(PolicyBinding newBinding) {
        return new KeyAccessObject(type, url, protocol, wrappedKey, newBinding, kid, sid, ephemeralPublicKey,
                encryptedMetadata);
    }
}
