package io.dive.kas.keys.gcpkms;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.kms.v1.AsymmetricDecryptRequest;
import com.google.cloud.kms.v1.AsymmetricDecryptResponse;
import com.google.cloud.kms.v1.CryptoKeyVersion;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.cloud.kms.v1.ListCryptoKeyVersionsRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.AbstractKasKeyProviderFactory;
import io.dive.kas.keys.KeyProviderException;
import io.dive.support.LazyResource;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import io.grpc.ManagedChannelBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * KAS keys in Google Cloud KMS: one RSA_DECRYPT_OAEP_*_SHA256 crypto key, every ENABLED version a
 * KAS key (kid {@code kms-v<N>}), the highest version active. Unwrapping is {@code AsymmetricDecrypt}
 * with CRC32C integrity checks both ways; the private keys stay in KMS. Rotation = a new version in
 * KMS: new files use it after {@code versionRefreshSeconds}, old files keep decrypting with theirs.
 */
public final class GcpKmsKeyProviderFactory extends AbstractKasKeyProviderFactory implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "gcp-kms";
    private static final Logger LOG = Logger.getLogger(GcpKmsKeyProviderFactory.class);
    private static final String VERSION_SEPARATOR = "/cryptoKeyVersions/";

    private GcpKmsSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final LazyResource<KeyManagementServiceClient, KeyProviderException> kmsClient =
            new LazyResource<>(this::connect, KeyManagementServiceClient::close);
    private volatile Versions versions;
    private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();

    private record Versions(List<KasKey> keys, Map<String, String> versionNames, Instant fetched) {
    }

    @Override
    public void init(Config.Scope config) {
        settings = GcpKmsSettings.from(config);
    }

    @Override
    public void close() {
        kmsClient.close();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(GcpKmsSettings.ENDPOINT).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("cloudkms.googleapis.com:443").helpText("KMS gRPC endpoint host:port").add()
                .property().name(GcpKmsSettings.PLAINTEXT).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Plaintext gRPC without credentials (emulators and tests only)").add()
                .property().name(GcpKmsSettings.CRYPTO_KEY).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("projects/P/locations/L/keyRings/R/cryptoKeys/K (RSA_DECRYPT_OAEP_*_SHA256)").add()
                .property().name(GcpKmsSettings.CREDENTIALS_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Service-account JSON; unset = Application Default Credentials").add()
                .property().name(GcpKmsSettings.VERSION_REFRESH_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(30).helpText("Reuse the list of enabled key versions this long").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("endpoint", settings.endpoint());
        info.put("cryptoKey", String.valueOf(settings.cryptoKey()));
        info.put("plaintext", String.valueOf(settings.plaintext()));
        return info;
    }

    private KeyManagementServiceClient client() throws KeyProviderException {
        return kmsClient.get();
    }

    private KeyManagementServiceClient connect() throws KeyProviderException {
        if (!settings.configured()) {
            throw KeyProviderException.unavailable("gcp-kms key provider not configured (cryptoKey)", null);
        }
        try {
            KeyManagementServiceSettings.Builder builder = KeyManagementServiceSettings.newBuilder();
            if (settings.plaintext()) {
                builder.setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(KeyManagementServiceSettings.defaultGrpcTransportProviderBuilder()
                                .setEndpoint(settings.endpoint())
                                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build());
            } else {
                GoogleCredentials credentials;
                if (settings.credentialsFile() == null) {
                    credentials = GoogleCredentials.getApplicationDefault();
                } else {
                    try (InputStream in = Files.newInputStream(Path.of(settings.credentialsFile()))) {
                        credentials = GoogleCredentials.fromStream(in);
                    }
                }
                builder.setEndpoint(settings.endpoint()).setCredentialsProvider(FixedCredentialsProvider.create(
                        credentials.createScoped(KeyManagementServiceSettings.getDefaultServiceScopes())));
            }
            KeyManagementServiceClient client = KeyManagementServiceClient.create(builder.build());
            LOG.infof("DIVE KAS uses Google Cloud KMS key %s at %s", settings.cryptoKey(), settings.endpoint());
            return client;
        } catch (Exception e) {
            throw KeyProviderException.unavailable("cannot create the KMS client: " + e.getMessage(), e);
        }
    }

    /** The enabled versions, refreshed after versionRefresh or (rate-limited) when a kid is unknown. */
    private Versions versions(boolean unknownKid) throws KeyProviderException {
        Versions current = versions;
        Instant now = clock.instant();
        boolean stale = current == null || current.fetched().plus(settings.versionRefresh()).isBefore(now);
        boolean retry = unknownKid && current != null && current.fetched().plusSeconds(2).isBefore(now);
        if (!stale && !retry) {
            return current;
        }
        synchronized (this) {
            if (versions != current) {
                return versions;
            }
            try {
                List<CryptoKeyVersion> enabled = new ArrayList<>();
                client().listCryptoKeyVersions(ListCryptoKeyVersionsRequest.newBuilder().setParent(settings.cryptoKey())
                        .setFilter("state=ENABLED").setPageSize(100).build()).iterateAll().forEach(enabled::add);
                enabled.sort(Comparator.comparingInt(GcpKmsKeyProviderFactory::versionNumber).reversed());
                List<KasKey> keys = new ArrayList<>();
                Map<String, String> names = new LinkedHashMap<>();
                boolean first = true;
                for (CryptoKeyVersion version : enabled) {
                    String kid = "kms-v" + versionNumber(version);
                    keys.add(new KasKey(kid, KeyAlgorithm.RSA_2048, publicKey(version.getName()), KeyWrapping.OaepHash.SHA256, first));
                    names.put(kid, version.getName());
                    first = false;
                }
                versions = new Versions(List.copyOf(keys), Map.copyOf(names), now);
                return versions;
            } catch (ApiException e) {
                throw KeyProviderException.unavailable("KMS ListCryptoKeyVersions failed: " + e.getStatusCode().getCode()
                        + " " + e.getMessage(), e);
            }
        }
    }

    /** Public keys never change for a version: fetched once, checked with the PEM's CRC32C. */
    private PublicKey publicKey(String versionName) throws KeyProviderException {
        PublicKey known = publicKeys.get(versionName);
        if (known != null) {
            return known;
        }
        try {
            com.google.cloud.kms.v1.PublicKey response = client().getPublicKey(versionName);
            if (!versionName.equals(response.getName())
                    || crc32c(response.getPem().getBytes(StandardCharsets.UTF_8)) != response.getPemCrc32C().getValue()) {
                throw KeyProviderException.unavailable("KMS public key of " + versionName + " failed its integrity check", null);
            }
            if (!response.getAlgorithm().name().startsWith("RSA_DECRYPT_OAEP_") || !response.getAlgorithm().name().endsWith("_SHA256")) {
                throw KeyProviderException.unavailable(versionName + " is " + response.getAlgorithm()
                        + ", the KAS needs RSA_DECRYPT_OAEP_*_SHA256", null);
            }
            PublicKey key = Pem.parsePublicKey(response.getPem());
            publicKeys.put(versionName, key);
            return key;
        } catch (ApiException e) {
            throw KeyProviderException.unavailable("KMS GetPublicKey failed: " + e.getStatusCode().getCode(), e);
        } catch (GeneralSecurityException e) {
            throw KeyProviderException.unavailable("KMS public key unreadable: " + e.getMessage(), e);
        }
    }

    private static Optional<KasKey> withKid(List<KasKey> keys, String kid) {
        return keys.stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    static int versionNumber(CryptoKeyVersion version) {
        String name = version.getName();
        try {
            return Integer.parseInt(name.substring(name.lastIndexOf(VERSION_SEPARATOR) + VERSION_SEPARATOR.length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static long crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }

    @Override
    protected List<KasKey> loadKeys(String keySet) throws KeyProviderException {
        return versions(false).keys();
    }

    @Override
    protected Optional<KasKey> findKey(String keySet, String kid) throws KeyProviderException {
        // An unknown kid may be a version created since the last listing: list again (rate-limited).
        Optional<KasKey> found = withKid(versions(false).keys(), kid);
        return found.isPresent() ? found : withKid(versions(true).keys(), kid);
    }

    @Override
    protected byte[] unwrapRsa(String keySet, KasKey key, byte[] wrappedKey) throws KeyProviderException {
        String versionName = versions(false).versionNames().get(key.kid());
        if (versionName == null) {
            throw KeyProviderException.rejected("no KMS version for kid " + key.kid(), null);
        }
        AsymmetricDecryptResponse response;
        try {
            response = client().asymmetricDecrypt(AsymmetricDecryptRequest.newBuilder().setName(versionName)
                    .setCiphertext(ByteString.copyFrom(wrappedKey)).setCiphertextCrc32C(Int64Value.of(crc32c(wrappedKey))).build());
        } catch (ApiException e) {
            boolean invalid = e.getStatusCode().getCode() == com.google.api.gax.rpc.StatusCode.Code.INVALID_ARGUMENT;
            throw new KeyProviderException("KMS AsymmetricDecrypt failed: " + e.getStatusCode().getCode(), !invalid, e);
        }
        byte[] plaintext = response.getPlaintext().toByteArray();
        if (!response.getVerifiedCiphertextCrc32C() || !response.hasPlaintextCrc32C()
                || response.getPlaintextCrc32C().getValue() != crc32c(plaintext)) {
            throw KeyProviderException.unavailable("KMS AsymmetricDecrypt response failed its CRC32C check", null);
        }
        return plaintext;
    }

    @Override
    protected byte[] agree(String keySet, KasKey key, PublicKey peer) throws KeyProviderException {
        throw KeyProviderException.rejected("the gcp-kms provider holds RSA keys only", null);
    }

    @Override
    protected String unavailableReason() {
        return settings.configured() ? "KMS unreachable or key unusable (see the Keycloak log)" : "not configured";
    }
}
