package io.dive.kas.keys.software;

import java.nio.file.Path;
import org.keycloak.Config;

/**
 * Settings of the {@code software} key provider ({@code --spi-dive-kas-keys--software--*}).
 *
 * @param keystore the PKCS#12 file; generated with one RSA-2048 and one EC P-256 key when absent
 * @param password the keystore password; when not configured, a random one is generated and kept
 *     beside the keystore in {@code <keystore>.password} (owner-only permissions)
 */
public record SoftwareKeySettings(Path keystore, String password) {

    static final String KEYSTORE = "keystore";
    static final String KEYSTORE_PASSWORD = "keystorePassword";

    static SoftwareKeySettings from(Config.Scope config) {
        String home = System.getProperty("kc.home.dir", ".");
        String keystore = config.get(KEYSTORE, Path.of(home, "data", "dive-kas", "kas-keys.p12").toString());
        String password = config.get(KEYSTORE_PASSWORD);
        return new SoftwareKeySettings(Path.of(keystore), password == null || password.isEmpty() ? null : password);
    }
}
