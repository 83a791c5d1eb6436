package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the distribution hands an operator, checked before any server starts. */
class DistributionContentsTest {

    private final Path dist = Path.of(System.getProperty("dive.root"))
            .resolve("distribution/target/dive-" + System.getProperty("dive.version"));

    private Path providersJar() throws IOException {
        try (Stream<Path> jars = Files.list(dist.resolve("providers"))) {
            List<Path> all = jars.toList();
            assertThat(all).as("exactly one jar for Keycloak's providers/ folder").hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void theProvidersJarHoldsOnlyDiveClassesAndRelocatedLibraries() throws IOException {
        try (JarFile jar = new JarFile(providersJar().toFile())) {
            List<String> foreignClasses = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .filter(name -> !name.startsWith("io/dive/"))
                    .toList();
            // Third-party classes outside io/dive/shaded would clash with Keycloak's own copies.
            assertThat(foreignClasses).isEmpty();
        }
    }

    @Test
    void theProvidersJarRegistersEveryDiveProviderAndTheTheme() throws IOException {
        try (JarFile jar = new JarFile(providersJar().toFile())) {
            assertThat(read(jar, "META-INF/services/org.keycloak.authentication.AuthenticatorFactory"))
                    .contains("io.dive.authenticators.clearance.ClearanceAtLeastConditionFactory");
            assertThat(read(jar, "META-INF/services/org.keycloak.protocol.ProtocolMapper"))
                    .contains("io.dive.mappers.UniqueIdMapper");
            assertThat(read(jar, "META-INF/services/org.keycloak.services.resource.RealmResourceProviderFactory"))
                    .contains("io.dive.kas.KasResourceProviderFactory");
            // The SPIs of provider-support and kas-provider share one services file: both must survive the merge.
            assertThat(read(jar, "META-INF/services/org.keycloak.provider.Spi"))
                    .contains("io.dive.redis.RedisSpi").contains("io.dive.kas.keys.KasKeyProviderSpi");
            assertThat(read(jar, "META-INF/services/io.dive.redis.RedisProviderFactory"))
                    .contains("io.dive.redis.JedisRedisProviderFactory");
            assertThat(read(jar, "META-INF/keycloak-themes.json")).contains("\"dive\"");
            assertThat(jar.getEntry("theme/dive/login/theme.properties")).isNotNull();
        }
    }

    @Test
    void theDistributionCarriesTheOpaBundleAndTheRealms() throws IOException {
        assertThat(dist.resolve("opa/dive-policy-bundle.tar.gz")).isNotEmptyFile();
        assertThat(Files.readString(dist.resolve("opa/dive-policy-bundle.revision")).strip())
                .startsWith(System.getProperty("dive.version") + "+");
        assertThat(dist.resolve("realms/dive-broker-realm.json")).isNotEmptyFile();
    }

    private static String read(JarFile jar, String entry) throws IOException {
        ZipEntry found = jar.getEntry(entry);
        assertThat(found).as(entry).isNotNull();
        return new String(jar.getInputStream(found).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
