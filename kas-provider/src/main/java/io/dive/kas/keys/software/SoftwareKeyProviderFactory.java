package io.dive.kas.keys.software;

import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KasKeyProvider;
import io.dive.kas.keys.AbstractKasKeyProviderFactory;
import io.dive.kas.keys.KeyIds;
import io.dive.kas.keys.KeyProviderException;
import io.dive.support.LazyResource;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.CertificateUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * The embedded default: KAS keys in PKCS#12 keystores, one per key set, generated on first use (one
 * RSA-2048 key for {@code wrapped} and one EC P-256 key for {@code ec-wrapped}). The set
 * {@link io.dive.kas.keys.KasKeyProvider#SHARED} is the configured keystore itself (the keys of
 * DIVE before per-realm keys); set {@code S} is {@code <keystore without .p12>-S.p12} beside it. In
 * a cluster, point every node at the same keystore path (shared volume) so that all nodes hold the
 * same keys; nodes starting together agree on one keystore (exclusive publication, see
 * {@link KeystoreFiles#writeExclusively}).
 */
public final class SoftwareKeyProviderFactory extends AbstractKasKeyProviderFactory implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "software";
    private static final Logger LOG = Logger.getLogger(SoftwareKeyProviderFactory.class);
    private static final String RSA_ALIAS = "dive-kas-rsa";
    private static final String EC_ALIAS = "dive-kas-ec";
    /** Key set names become file names: letters, digits, '.', '_', '-', at most 64. */
    private static final Pattern KEY_SET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SoftwareKeySettings settings;
    private final Map<String, LazyResource<Loaded, KeyProviderException>> byKeySet = new ConcurrentHashMap<>();

    private record Loaded(List<KasKey> keys, Map<String, PrivateKey> privateKeys) {
    }

    @Override
    public void init(Config.Scope config) {
        settings = SoftwareKeySettings.from(config);
    }

    @Override
    public void close() {
        byKeySet.values().forEach(LazyResource::close);
    }

    /** Any key set with a usable name: its keystore is generated on first use. */
    @Override
    protected boolean holds(String keySet) {
        return KEY_SET_NAME.matcher(keySet).matches();
    }

    /** The keystore of {@code keySet}: the configured one for the shared set, a sibling file for any other. */
    Path keystore(String keySet) {
        Path configured = settings.keystore();
        if (KasKeyProvider.SHARED.equals(keySet)) {
            return configured;
        }
        String name = configured.getFileName().toString();
        String stem = name.endsWith(".p12") ? name.substring(0, name.length() - 4) : name;
        return configured.resolveSibling(stem + "-" + keySet + ".p12");
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Highest order: Keycloak's default key provider, unless {@code --spi-dive-kas-keys--provider-default} says otherwise. */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(SoftwareKeySettings.KEYSTORE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("PKCS#12 keystore of the KAS keys; generated when absent. Default: data/dive-kas/kas-keys.p12 under Keycloak's home.")
                .add()
                .property().name(SoftwareKeySettings.KEYSTORE_PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .helpText("Keystore password. When unset, a random password is generated into <keystore>.password.")
                .add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("keystore", settings.keystore().toString());
        info.put("keySets", String.join(",", new java.util.TreeSet<>(byKeySet.keySet())));
        return info;
    }

    private Loaded load(String keySet) throws KeyProviderException {
        return byKeySet.computeIfAbsent(keySet, set -> new LazyResource<>(() -> open(keystore(set)))).get();
    }

    private Loaded open(Path file) throws KeyProviderException {
        try {
            return loadOrGenerate(file);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String loadError = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf("DIVE KAS software keystore %s cannot be used: %s", file, loadError);
            throw KeyProviderException.unavailable("software keystore unusable: " + loadError, e);
        }
    }

    private Loaded loadOrGenerate(Path file) throws IOException, GeneralSecurityException {
        char[] password = KeystoreFiles.password(file, settings.password());
        KeyStore store = KeyStore.getInstance("PKCS12");
        if (!Files.exists(file)) {
            generate(KeyStore.getInstance("PKCS12"), file, password);
        }
        // Always load what is on disk: another node may have published its keystore first.
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        List<KasKey> keys = new ArrayList<>();
        Map<String, PrivateKey> privateKeys = new LinkedHashMap<>();
        for (String alias : new String[] {RSA_ALIAS, EC_ALIAS}) {
            Certificate certificate = store.getCertificate(alias);
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, password);
            if (certificate == null || privateKey == null) {
                throw new GeneralSecurityException("the keystore lacks the entry '" + alias + "'");
            }
            PublicKey publicKey = certificate.getPublicKey();
            boolean rsa = RSA_ALIAS.equals(alias);
            KasKey key = new KasKey(KeyIds.of(rsa ? "rsa" : "ec", publicKey), rsa ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256,
                    publicKey, rsa ? KeyWrapping.OaepHash.SHA1 : null, true);
            keys.add(key);
            privateKeys.put(key.kid(), privateKey);
        }
        LOG.infof("DIVE KAS software keys loaded from %s: %s", file, privateKeys.keySet());
        return new Loaded(List.copyOf(keys), Map.copyOf(privateKeys));
    }

    private static void generate(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        store.load(null, null);
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        KeyPair rsa = rsaGenerator.generateKeyPair();
        KeyPair ec = KeyWrapping.newEcKeyPair();
        X509Certificate rsaCertificate = CertificateUtils.generateV1SelfSignedCertificate(rsa, "dive-kas-rsa");
        X509Certificate ecCertificate;
        try {
            // The EC key's certificate is issued by the RSA key: PKCS#12 needs a certificate per entry.
            ecCertificate = CertificateUtils.generateV3Certificate(ec, rsa.getPrivate(), rsaCertificate, "dive-kas-ec");
        } catch (Exception e) {
            throw new GeneralSecurityException("cannot certify the EC key: " + e.getMessage(), e);
        }
        store.setKeyEntry(RSA_ALIAS, rsa.getPrivate(), password, new Certificate[] {rsaCertificate});
        store.setKeyEntry(EC_ALIAS, ec.getPrivate(), password, new Certificate[] {ecCertificate, rsaCertificate});
        KeystoreFiles.writeExclusively(file, out -> {
            try {
                store.store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write the keystore: " + e.getMessage(), e);
            }
        });
    }

    @Override
    protected List<KasKey> loadKeys(String keySet) throws KeyProviderException {
        return load(keySet).keys();
    }

    @Override
    protected byte[] unwrapRsa(String keySet, KasKey key, byte[] wrappedKey) throws KeyProviderException {
        PrivateKey privateKey = privateKey(keySet, key);
        try {
            return KeyWrapping.rsaOaepUnwrap(privateKey, key.oaepHash(), wrappedKey);
        } catch (GeneralSecurityException e) {
            throw KeyProviderException.rejected("RSA-OAEP unwrap failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected byte[] agree(String keySet, KasKey key, PublicKey peer) throws KeyProviderException {
        PrivateKey privateKey = privateKey(keySet, key);
        try {
            return KeyWrapping.ecdh(privateKey, peer);
        } catch (GeneralSecurityException e) {
            throw KeyProviderException.rejected("ECDH failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected String unavailableReason() {
        return "keystore unusable (see the Keycloak log)";
    }

    private PrivateKey privateKey(String keySet, KasKey key) throws KeyProviderException {
        PrivateKey privateKey = load(keySet).privateKeys().get(key.kid());
        if (privateKey == null) {
            throw KeyProviderException.rejected("no private key for kid " + key.kid(), null);
        }
        return privateKey;
    }
}
