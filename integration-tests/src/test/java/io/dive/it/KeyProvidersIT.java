package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.it.kms.FakeKms;
import io.dive.kas.KasRealmSettings;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same ZTDF round trip through each key provider (issue 6, must show 3): SoftHSM2 through
 * PKCS#11 (in the KAS of {@code dive-usa}) and Google Cloud KMS (in {@code dive-gbr}, against a KMS
 * gRPC server running in this JVM with the real client in Keycloak). Those KAS trust the broker's
 * tokens through their {@code dive.kas.trustedIssuers} allow-list, so this also proves federated
 * token verification. The software provider is exercised by {@link KasIT}.
 */
@ExtendWith(DiveStackExtension.class)
class KeyProvidersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeKms kms;
    private static Server kmsServer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKms(DiveStack stack) throws Exception {
        kms = new FakeKms();
        kms.createKey(DiveStack.KMS_CRYPTO_KEY);
        kmsServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", stack.kmsPort()),
                InsecureServerCredentials.create()).addService(kms).build().start();
    }

    @AfterAll
    static void stopKms() {
        if (kmsServer != null) {
            kmsServer.shutdownNow();
        }
    }

    /** Points the realm's KAS at a key provider's shared key set and lets it accept the broker's tokens. */
    private static String useKeyProvider(DiveStack stack, KeycloakClient keycloak, String realm, String provider) {
        keycloak.setRealmAttribute(realm, KasRealmSettings.ENABLED, "true");
        keycloak.setRealmAttribute(realm, KasRealmSettings.KEY_PROVIDER, provider);
        // HSM and KMS keys are one operator-provisioned set: a realm uses them by naming it.
        keycloak.setRealmAttribute(realm, KasRealmSettings.KEY_SET, io.dive.kas.keys.KasKeyProvider.SHARED);
        keycloak.setRealmAttribute(realm, KasRealmSettings.TRUSTED_ISSUERS, stack.keycloakUrl() + "/realms/" + KasIT.BROKER);
        return stack.keycloakUrl() + "/realms/" + realm + "/kas";
    }

    private Path roundTrip(DiveStack stack, String kasUrl, KeyAlgorithm keyType, String expectedKidPrefix) throws Exception {
        byte[] data = new byte[1_500_000];
        new Random(7).nextBytes(data);
        Path plain = dir.resolve("plain-" + System.nanoTime());
        Files.write(plain, data);
        Path file = dir.resolve(plain.getFileName() + ".ztdf");
        SecurityLabel label = new SecurityLabel("SECRET", List.of("USA", "GBR"), List.of(), List.of(), "USA",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        new ZtdfClient(new KasClient()).encrypt(plain, file, label, List.of(kasUrl), keyType, done -> { });
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            assertThat(reader.keyAccessObjects().get(0).kid()).startsWith(expectedKidPrefix);
        }
        Path out = dir.resolve(plain.getFileName() + ".out");
        new ZtdfClient(new KasClient()).decrypt(file, out, KasIT.token(stack, "usa", "usa-secret"), done -> { });
        assertThat(Files.mismatch(plain, out)).as("byte-identical through " + kasUrl).isEqualTo(-1L);
        return file;
    }

    private static String kidOf(Path file) throws Exception {
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            return reader.keyAccessObjects().get(0).kid();
        }
    }

    @Test
    void softHsm2ThroughPkcs11RoundTripsRsaAndEcFiles(DiveStack stack, KeycloakClient keycloak) throws Exception {
        try (AutoCloseable restore = keycloak.realmAttributesRestoredOnClose("dive-usa")) {
            String kas = useKeyProvider(stack, keycloak, "dive-usa", "pkcs11");
            JsonNode health = keycloak.get(kas + "/health").json();
            assertThat(health.path("keyProvider").path("status").asText()).as(health.toString()).isEqualTo("UP");
            roundTrip(stack, kas, KeyAlgorithm.RSA_2048, "hsm-rsa-");
            roundTrip(stack, kas, KeyAlgorithm.EC_P256, "hsm-ec-");
        }
    }

    @Test
    void googleCloudKmsRoundTripsAndOldFilesSurviveAKeyRotation(DiveStack stack, KeycloakClient keycloak) throws Exception {
        try (AutoCloseable restore = keycloak.realmAttributesRestoredOnClose("dive-gbr")) {
            String kas = useKeyProvider(stack, keycloak, "dive-gbr", "gcp-kms");
            JsonNode key = keycloak.get(kas + "/v2/kas_public_key").json();
            assertThat(key.path("kid").asText()).isEqualTo("kms-v1");
            assertThat(key.path("wrapAlgorithm").asText()).isEqualTo("RSA-OAEP-256");
            Path before = roundTrip(stack, kas, KeyAlgorithm.RSA_2048, "kms-v1");

            // Rotation through the real client, as an operator would (gcloud kms keys versions create).
            try (var client = com.google.cloud.kms.v1.KeyManagementServiceClient.create(
                    com.google.cloud.kms.v1.KeyManagementServiceSettings.newBuilder()
                            .setCredentialsProvider(com.google.api.gax.core.NoCredentialsProvider.create())
                            .setTransportChannelProvider(com.google.cloud.kms.v1.KeyManagementServiceSettings
                                    .defaultGrpcTransportProviderBuilder().setEndpoint("127.0.0.1:" + stack.kmsPort())
                                    .setChannelConfigurator(io.grpc.ManagedChannelBuilder::usePlaintext).build()).build())) {
                client.createCryptoKeyVersion(DiveStack.KMS_CRYPTO_KEY, com.google.cloud.kms.v1.CryptoKeyVersion.newBuilder().build());
            }
            Thread.sleep(1_500); // the KAS re-reads the version list after versionRefreshSeconds (1 s in tests)
            assertThat(keycloak.get(kas + "/v2/kas_public_key").json().path("kid").asText()).isEqualTo("kms-v2");
            Path after = roundTrip(stack, kas, KeyAlgorithm.RSA_2048, "kms-v2");
            assertThat(kidOf(before)).isEqualTo("kms-v1");
            assertThat(kidOf(after)).isEqualTo("kms-v2");

            Path out = dir.resolve("before.out");
            new ZtdfClient(new KasClient()).decrypt(before, out, KasIT.token(stack, "usa", "usa-secret"), done -> { });
            assertThat(out).exists();
            // The KMS holds RSA keys only: no EC public key here.
            assertThat(keycloak.get(kas + "/v2/kas_public_key?algorithm=ec:secp256r1").status()).isEqualTo(404);
        }
    }
}
