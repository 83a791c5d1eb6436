package io.dive.ztdf;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** Wraps the data key for one KAS. */
public interface KeyWrapper {

    /** The key access object type, e.g. {@code wrapped}. */
    String type();

    byte[] wrap(byte[] dataKey) throws GeneralSecurityException;

    /**
     * RSA-OAEP with SHA-1 and MGF1-SHA-1, the {@code wrapped} type of the OpenTDF SDKs, so that
     * their KAS and tools can read DIVE files.
     */
    static KeyWrapper rsaOaep(PublicKey kasPublicKey) {
        return new KeyWrapper() {
            @Override
            public String type() {
                return "wrapped";
            }

            @Override
            public byte[] wrap(byte[] dataKey) throws GeneralSecurityException {
                Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
                cipher.init(Cipher.ENCRYPT_MODE, kasPublicKey, new OAEPParameterSpec("SHA-1", "MGF1",
                        MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
                return cipher.doFinal(dataKey);
            }
        };
    }
}
