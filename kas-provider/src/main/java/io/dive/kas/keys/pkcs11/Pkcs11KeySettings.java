package io.dive.kas.keys.pkcs11;

import org.keycloak.Config;

/**
 * Settings of the {@code pkcs11} key provider ({@code --spi-dive-kas-keys--pkcs11--*}).
 *
 * @param library the PKCS#11 module (default SoftHSM2's {@code /usr/lib/softhsm/libsofthsm2.so})
 * @param slot the slot id holding the KAS token (SunPKCS11 selects slots by id, not by token label)
 * @param pin the user PIN; without it the provider stays unconfigured
 * @param rsaLabel label of the RSA-2048 key (and its certificate) in the token
 * @param ecLabel label of the EC P-256 key (and its certificate) in the token
 */
public record Pkcs11KeySettings(String library, String slot, String pin, String rsaLabel, String ecLabel) {

    static final String LIBRARY = "library";
    static final String SLOT = "slot";
    static final String PIN = "pin";
    static final String RSA_LABEL = "rsaLabel";
    static final String EC_LABEL = "ecLabel";

    static Pkcs11KeySettings from(Config.Scope config) {
        return new Pkcs11KeySettings(config.get(LIBRARY, "/usr/lib/softhsm/libsofthsm2.so"), config.get(SLOT),
                config.get(PIN), config.get(RSA_LABEL, "dive-kas-rsa"), config.get(EC_LABEL, "dive-kas-ec"));
    }

    boolean configured() {
        return pin != null && !pin.isEmpty() && slot != null && !slot.isEmpty();
    }

    /**
     * The SunPKCS11 configuration. The attributes block lets the ECDH-derived secret (a session
     * object) be read; the EC private key itself stays sensitive and non-extractable.
     */
    String sunPkcs11Config() {
        return "--name=dive-kas\nlibrary=" + library + "\nslot=" + slot + "\n"
                + "attributes(generate, CKO_SECRET_KEY, CKK_GENERIC_SECRET) = {\n  CKA_SENSITIVE = false\n  CKA_EXTRACTABLE = true\n}\n";
    }
}
