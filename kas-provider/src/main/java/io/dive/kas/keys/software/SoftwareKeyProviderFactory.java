package io.dive.kas.keys.software;

import io.dive.kas.keys.KasKey;
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
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.CertificateUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * The embedded default: KAS keys in a PKCS#12 keystore, generated on first use (one RSA-2048 key
 * for {@code wrapped} and one EC P-256 key for {@code ec-wrapped}). In a cluster, point every node
 * at the same keystore (shared volume) so that all nodes hold the same keys; nodes starting together
 * agree on one keystore (exclusive publication, see {@link #writeExclusively}).
 */
public final class SoftwareKeyProviderFactory extends AbstractKasKeyProviderFactory implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "software";
    private static final Logger LOG = Logger.getLogger(SoftwareKeyProviderFactory.class);
    private static final String RSA_ALIAS = "dive-kas-rsa";
    private static final String EC_ALIAS = "dive-kas-ec";

    private SoftwareKeySettings settings;
    private final LazyResource<Loaded, KeyProviderException> loaded = new LazyResource<>(this::open);

    private record Loaded(List<KasKey> keys, Map<String, PrivateKey> privateKeys) {
    }

    @Override
    public void init(Config.Scope config) {
        settings = SoftwareKeySettings.from(config);
    }

    @Override
    public void close() {
        loaded.close();
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
        return info;
    }

    private Loaded load() throws KeyProviderException {
        return loaded.get();
    }

    private Loaded open() throws KeyProviderException {
        try {
            return loadOrGenerate();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String loadError = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf("DIVE KAS software keystore %s cannot be used: %s", settings.keystore(), loadError);
            throw KeyProviderException.unavailable("software keystore unusable: " + loadError, e);
        }
    }

    private Loaded loadOrGenerate() throws IOException, GeneralSecurityException {
        Path file = settings.keystore();
        char[] password = password(file);
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
        writeExclusively(file, out -> {
            try {
                store.store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write the keystore: " + e.getMessage(), e);
            }
        });
    }

    /** Writes the content of a new file. */
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to an owner-only temporary file and makes it visible under
     * {@code target} only if nothing is there yet (a hard link fails when the target exists; a rename
     * would silently replace it). Cluster nodes sharing the keystore path may generate at the same
     * moment: the first one wins, the others read its file. A crash never leaves half a file.
     */
    private static void writeExclusively(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            restrict(temporary);
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            Files.createLink(target, temporary);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Another node published first: its file is used.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private char[] password(Path file) throws IOException {
        if (settings.password() != null) {
            return settings.password().toCharArray();
        }
        Path passwordFile = Path.of(file + ".password");
        if (!Files.exists(passwordFile)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            writeExclusively(passwordFile, out -> out.write(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII)));
        }
        return Files.readString(passwordFile, StandardCharsets.UTF_8).trim().toCharArray();
    }

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: rely on the directory's permissions.
        }
    }

    @Override
    protected List<KasKey> loadKeys() throws KeyProviderException {
        return load().keys();
    }

    @Override
    protected byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException {
        PrivateKey privateKey = privateKey(key);
        try {
            return KeyWrapping.rsaOaepUnwrap(privateKey, key.oaepHash(), wrappedKey);
        } catch (GeneralSecurityException e) {
            throw KeyProviderException.rejected("RSA-OAEP unwrap failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException {
        PrivateKey privateKey = privateKey(key);
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

    private PrivateKey privateKey(KasKey key) throws KeyProviderException {
        PrivateKey privateKey = load().privateKeys().get(key.kid());
        if (privateKey == null) {
            throw KeyProviderException.rejected("no private key for kid " + key.kid(), null);
        }
        return privateKey;
    }
}
