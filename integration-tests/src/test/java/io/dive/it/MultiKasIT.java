package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.kas.KasRealmSettings;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.client.KasCircuitBreaker;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.KasClientException;
import io.dive.ztdf.client.ZtdfClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real KAS (the broker's, the Italian and the British realm's), the British one first in the
 * file and behind a gateway in this test that can be switched to "down" (503) and then stopped:
 * a healthy first KAS is the only one an any-of file asks, a refusing one is passed at once, the
 * circuit breaker stops asking the dead KAS once it opens, any-of files still open, split files
 * need all.
 */
@ExtendWith(DiveStackExtension.class)
class MultiKasIT {

    @TempDir
    Path dir;

    @Test
    void anyOfOpensWithOneKasDeadAndTheBreakerStopsAskingIt(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String broker = stack.keycloakUrl() + "/realms/dive-broker";
        try (KasGateway gateway = new KasGateway(stack.keycloakUrl());
                AutoCloseable italyRestored = keycloak.realmAttributesRestoredOnClose("dive-ita");
                AutoCloseable britainRestored = keycloak.realmAttributesRestoredOnClose("dive-gbr")) {
            String britain = gateway.url("dive-gbr");
            enableKas(keycloak, "dive-ita", broker, "");
            enableKas(keycloak, "dive-gbr", broker, britain);
            String italy = stack.keycloakUrl() + "/realms/dive-ita/kas";
            KasCircuitBreaker breaker = new KasCircuitBreaker(new KasCircuitBreaker.Settings(3, Duration.ofMinutes(5)));
            // A head start longer than any step here: a second KAS is asked only because the first refused.
            Duration headStart = Duration.ofSeconds(20);
            ZtdfClient client = new ZtdfClient(new KasClient(), Set.of(britain), breaker, headStart);
            String token = KasIT.token(stack, "usa", "usa-secret");
            Path plain = dir.resolve("plain.bin");
            byte[] data = new byte[200_000];
            new Random(7).nextBytes(data);
            Files.write(plain, data);

            Path anyOf = dir.resolve("any-of.ztdf");
            client.encrypt(plain, anyOf, KasIT.secretRelUsaGbr(), List.of(britain, broker + "/kas", italy),
                    KeyAlgorithm.RSA_2048, false, done -> { });
            Path britainLast = dir.resolve("britain-last.ztdf");
            client.encrypt(plain, britainLast, KasIT.secretRelUsaGbr(), List.of(broker + "/kas", italy, britain),
                    KeyAlgorithm.RSA_2048, false, done -> { });
            Path split = dir.resolve("split.ztdf");
            client.encrypt(plain, split, KasIT.secretRelUsaGbr(), List.of(britain, broker + "/kas", italy),
                    KeyAlgorithm.EC_P256, true, done -> { });
            try (ZtdfReader reader = ZtdfReader.open(split)) {
                assertThat(reader.keyAccessBySplit()).hasSize(3);
            }
            for (Path file : List.of(anyOf, split, britainLast, britainLast)) {
                Path out = dir.resolve(file.getFileName() + ".out");
                client.decrypt(file, out, token, done -> { });
                assertThat(Files.mismatch(plain, out)).as(file.getFileName() + " with three KAS up").isEqualTo(-1L);
            }
            assertThat(gateway.rewraps.get()).as("asked for the any-of key (first in the file) and its share of the split"
                    + " file, never for the file that names it last: the first KAS answered within its head start")
                    .isEqualTo(2);

            gateway.down.set(true);
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("down-" + i);
                long started = System.nanoTime();
                client.decrypt(anyOf, out, token, done -> { });
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the next KAS asked at once on the refusal")
                        .isLessThan(headStart.dividedBy(2));
                assertThat(Files.mismatch(plain, out)).as("any-of with the British KAS down").isEqualTo(-1L);
            }
            assertThat(gateway.rewraps.get()).as("asked first every time until its circuit opened").isEqualTo(2 + 3);
            assertThat(breaker.isOpen(britain)).as("the breaker opened after 3 consecutive failures").isTrue();
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("open-" + i);
                client.decrypt(anyOf, out, token, done -> { });
                assertThat(Files.mismatch(plain, out)).as("any-of with the British circuit open").isEqualTo(-1L);
            }
            assertThat(gateway.rewraps.get()).as("not asked while its circuit is open").isEqualTo(2 + 3);
            assertThatThrownBy(() -> client.decrypt(split, dir.resolve("split-down.out"), token, done -> { }))
                    .as("a split file needs every share").isInstanceOfSatisfying(KasClientException.class,
                            e -> assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAVAILABLE));
            assertThat(dir.resolve("split-down.out")).doesNotExist();

            gateway.close(); // stopped: connections refused
            for (Duration fresh : List.of(ZtdfClient.DEFAULT_HEAD_START, Duration.ZERO)) {
                Path out = dir.resolve("stopped-" + fresh.toMillis() + ".out");
                new ZtdfClient(new KasClient(), Set.of(britain), new KasCircuitBreaker(KasCircuitBreaker.Settings.DEFAULT), fresh)
                        .decrypt(anyOf, out, token, done -> { });
                assertThat(Files.mismatch(plain, out)).as("any-of with the British KAS stopped, head start " + fresh)
                        .isEqualTo(-1L);
            }
        }
    }

    /** The realm's KAS on, trusting the broker's tokens, at {@code publicUrl} (blank: its own address). */
    static void enableKas(KeycloakClient keycloak, String realm, String brokerIssuer, String publicUrl) {
        keycloak.setRealmAttribute(realm, KasRealmSettings.ENABLED, "true");
        keycloak.setRealmAttribute(realm, KasRealmSettings.TRUSTED_ISSUERS, brokerIssuer);
        keycloak.setRealmAttribute(realm, KasRealmSettings.PUBLIC_URL, publicUrl);
        // The realm's own software keys, whatever another test (KeyProvidersIT) pointed it at.
        keycloak.setRealmAttribute(realm, KasRealmSettings.KEY_PROVIDER, "");
        keycloak.setRealmAttribute(realm, KasRealmSettings.KEY_SET, "");
    }
}
