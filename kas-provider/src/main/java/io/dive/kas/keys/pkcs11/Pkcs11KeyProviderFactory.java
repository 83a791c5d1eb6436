package io.dive.kas.keys.pkcs11;

import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.AbstractKasKeyProviderFactory;
import io.dive.kas.keys.KeyIds;
import io.dive.kas.keys.KeyProviderException;
import io.dive.support.LazyResource;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * KAS keys in any PKCS#11 HSM through the JDK's SunPKCS11. The private keys are generated in the
 * token and never leave it. SunPKCS11 offers no RSA-OAEP mechanism for SoftHSM2 (and many HSMs), so
 * the token does raw RSA ({@code CKM_RSA_X_509}) and the OAEP decoding runs here, in constant time
 * ({@link KeyWrapping#oaepDecode}); EC keys do ECDH ({@code CKM_ECDH1_DERIVE}) in the token.
 * SunPKCS11's key store lists a private key only when a certificate with the same CKA_ID is in the
 * token: the token setup ({@code ./dive}) stores one per key.
 */
public final class Pkcs11KeyProviderFactory extends AbstractKasKeyProviderFactory implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "pkcs11";
    private static final Logger LOG = Logger.getLogger(Pkcs11KeyProviderFactory.class);

    private Pkcs11KeySettings settings;
    private final LazyResource<Token, KeyProviderException> token = new LazyResource<>(this::login);
    private static final long RETRY_AFTER_MILLIS = 30_000;
    private KeyProviderException lastFailure;
    private long lastFailureAt;

    private record Token(Provider provider, List<KasKey> keys, Map<String, PrivateKey> privateKeys) {
    }

    @Override
    public void init(Config.Scope config) {
        settings = Pkcs11KeySettings.from(config);
    }

    @Override
    public void close() {
        token.close();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(Pkcs11KeySettings.LIBRARY).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("/usr/lib/softhsm/libsofthsm2.so").helpText("PKCS#11 module of the HSM").add()
                .property().name(Pkcs11KeySettings.SLOT).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Slot id of the KAS token (decimal or 0x hex)").add()
                .property().name(Pkcs11KeySettings.PIN).type(ProviderConfigProperty.PASSWORD).helpText("User PIN").add()
                .property().name(Pkcs11KeySettings.RSA_LABEL).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("dive-kas-rsa").helpText("Label of the RSA-2048 key and certificate").add()
                .property().name(Pkcs11KeySettings.EC_LABEL).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("dive-kas-ec").helpText("Label of the EC P-256 key and certificate").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("library", settings.library());
        info.put("slot", String.valueOf(settings.slot()));
        info.put("configured", String.valueOf(settings.configured()));
        return info;
    }

    private Token open() throws KeyProviderException {
        return token.get();
    }

    /** Runs under the lazy resource's lock, which also guards the failure back-off. */
    private Token login() throws KeyProviderException {
        if (!settings.configured()) {
            throw KeyProviderException.unavailable("pkcs11 key provider not configured (slot and pin)", null);
        }
        // After a failure, wait before trying again: each attempt logs in with the PIN, and HSMs
        // lock PINs after a few failures; health probes must not hammer the token either.
        if (lastFailure != null && lastFailureAt + RETRY_AFTER_MILLIS > System.currentTimeMillis()) {
            throw lastFailure;
        }
        try {
            Provider provider = Security.getProvider("SunPKCS11").configure(settings.sunPkcs11Config());
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, settings.pin().toCharArray());
            List<KasKey> keys = new ArrayList<>();
            Map<String, PrivateKey> privateKeys = new LinkedHashMap<>();
            for (String label : new String[] {settings.rsaLabel(), settings.ecLabel()}) {
                Certificate certificate = store.getCertificate(label);
                PrivateKey privateKey = (PrivateKey) store.getKey(label, null);
                if (certificate == null || privateKey == null) {
                    throw new GeneralSecurityException("no key and certificate labelled '" + label + "' in the token");
                }
                PublicKey publicKey = certificate.getPublicKey();
                boolean rsa = publicKey instanceof RSAPublicKey;
                KasKey key = new KasKey(KeyIds.of(rsa ? "hsm-rsa" : "hsm-ec", publicKey),
                        rsa ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256, publicKey, rsa ? KeyWrapping.OaepHash.SHA1 : null, true);
                keys.add(key);
                privateKeys.put(key.kid(), privateKey);
            }
            LOG.infof("DIVE KAS opened PKCS#11 token in slot %s (%s): keys %s", settings.slot(), settings.library(),
                    privateKeys.keySet());
            return new Token(provider, List.copyOf(keys), Map.copyOf(privateKeys));
        } catch (Exception e) {
            String detail = e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            LOG.errorf("DIVE KAS cannot use the PKCS#11 token in slot %s of %s: %s (next attempt in %d s)", settings.slot(),
                    settings.library(), detail, RETRY_AFTER_MILLIS / 1000);
            lastFailure = KeyProviderException.unavailable("PKCS#11 token unusable: " + detail, e);
            lastFailureAt = System.currentTimeMillis();
            throw lastFailure;
        }
    }

    @Override
    protected List<KasKey> loadKeys(String keySet) throws KeyProviderException {
        return open().keys();
    }

    @Override
    protected byte[] unwrapRsa(String keySet, KasKey key, byte[] wrappedKey) throws KeyProviderException {
        Token opened = open();
        PrivateKey privateKey = opened.privateKeys().get(key.kid());
        if (privateKey == null) {
            throw KeyProviderException.rejected("no private key for kid " + key.kid(), null);
        }
        int modulusBytes = KeyWrapping.modulusBytes((RSAPublicKey) key.publicKey());
        if (wrappedKey.length != modulusBytes) {
            throw KeyProviderException.rejected("wrapped key is " + wrappedKey.length + " bytes, modulus " + modulusBytes, null);
        }
        byte[] raw;
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding", opened.provider()); // one per call: not thread-safe
            cipher.init(Cipher.DECRYPT_MODE, privateKey);
            raw = cipher.doFinal(wrappedKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw KeyProviderException.unavailable("raw RSA in the token failed: " + e.getMessage(), e);
        }
        try {
            return KeyWrapping.oaepDecode(raw, modulusBytes, key.oaepHash());
        } catch (GeneralSecurityException e) {
            throw KeyProviderException.rejected("OAEP decoding failed", e);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    protected byte[] agree(String keySet, KasKey key, PublicKey peer) throws KeyProviderException {
        Token opened = open();
        PrivateKey privateKey = opened.privateKeys().get(key.kid());
        if (privateKey == null) {
            throw KeyProviderException.rejected("no private key for kid " + key.kid(), null);
        }
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH", opened.provider());
            agreement.init(privateKey);
            agreement.doPhase(peer, true);
            return agreement.generateSecret();
        } catch (java.security.InvalidKeyException e) {
            throw KeyProviderException.rejected("ECDH refused the peer key: " + e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw KeyProviderException.unavailable("ECDH in the token failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected String unavailableReason() {
        return settings.configured() ? "token unusable (see the Keycloak log)" : "not configured";
    }
}
