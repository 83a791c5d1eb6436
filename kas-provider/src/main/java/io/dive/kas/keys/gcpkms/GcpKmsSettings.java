package io.dive.kas.keys.gcpkms;

import java.time.Duration;
import org.keycloak.Config;

/**
 * Settings of the {@code gcp-kms} key provider ({@code --spi-dive-kas-keys--gcp-kms--*}).
 *
 * @param endpoint KMS gRPC endpoint (default {@code cloudkms.googleapis.com:443})
 * @param plaintext plaintext gRPC without credentials — for emulators and tests only
 * @param cryptoKey {@code projects/P/locations/L/keyRings/R/cryptoKeys/K}, an RSA_DECRYPT_OAEP_*_SHA256 key
 * @param credentialsFile service-account JSON; unset = Application Default Credentials
 * @param versionRefresh how long the list of enabled key versions is reused (rotation shows up after this)
 */
public record GcpKmsSettings(String endpoint, boolean plaintext, String cryptoKey, String credentialsFile,
        Duration versionRefresh) {

    static final String ENDPOINT = "endpoint";
    static final String PLAINTEXT = "plaintext";
    static final String CRYPTO_KEY = "cryptoKey";
    static final String CREDENTIALS_FILE = "credentialsFile";
    static final String VERSION_REFRESH_SECONDS = "versionRefreshSeconds";

    static GcpKmsSettings from(Config.Scope config) {
        return new GcpKmsSettings(config.get(ENDPOINT, "cloudkms.googleapis.com:443"), config.getBoolean(PLAINTEXT, false),
                config.get(CRYPTO_KEY), config.get(CREDENTIALS_FILE),
                Duration.ofSeconds(Math.max(0, config.getInt(VERSION_REFRESH_SECONDS, 30))));
    }

    boolean configured() {
        return cryptoKey != null && cryptoKey.matches("projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+");
    }
}
