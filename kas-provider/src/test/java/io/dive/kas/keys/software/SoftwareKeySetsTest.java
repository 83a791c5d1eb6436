package io.dive.kas.keys.software;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.kas.keys.KasKeyProvider;
import io.dive.kas.keys.KeyProviderException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.Config;

/** Per-realm keys: every key set is its own keystore; the shared set is the configured one; names are file-safe. */
class SoftwareKeySetsTest {

    @TempDir
    Path dir;
    private SoftwareKeyProviderFactory factory;
    private KasKeyProvider provider;

    @BeforeEach
    void open() {
        factory = new SoftwareKeyProviderFactory();
        String keystore = dir.resolve("kas-keys.p12").toString();
        factory.init((Config.Scope) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Config.Scope.class},
                (proxy, method, args) -> "get".equals(method.getName()) && SoftwareKeySettings.KEYSTORE.equals(args[0])
                        ? keystore : null));
        provider = factory.create(null);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void everyKeySetIsItsOwnKeystoreAndTheSharedSetIsTheConfiguredOne() {
        // Generation needs Keycloak's crypto provider (the ITs open these keystores in the running server).
        assertThat(factory.keystore("dive-broker")).isEqualTo(dir.resolve("kas-keys-dive-broker.p12"));
        assertThat(factory.keystore("dive-ita")).isEqualTo(dir.resolve("kas-keys-dive-ita.p12"));
        assertThat(factory.keystore(KasKeyProvider.SHARED)).isEqualTo(dir.resolve("kas-keys.p12"));
    }

    @Test
    void aKeySetNameThatIsNoFileNameIsRefused() {
        for (String name : List.of("../etc", "a/b", "", ".hidden", "x".repeat(65))) {
            assertThatThrownBy(() -> provider.keySet(name)).as(name).isInstanceOfSatisfying(KeyProviderException.class,
                    e -> assertThat(e.unavailable()).isTrue());
        }
    }
}
