package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.kas.rewrap.KasFailure;
import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The KAS URL and this Keycloak's base come from configuration and the socket, never from the Host header. */
class KasAddressTest {

    private static final URI SOCKET = URI.create("http://127.0.0.1:18080/");
    private static final UnaryOperator<URI> NO_HOSTNAME = uri -> uri;

    @Test
    void withoutAHostnameTheBaseIsTheAddressTheConnectionArrivedOn() throws Exception {
        // Whatever Host header the request carried: it is not an input.
        KasAddress address = KasAddress.resolve("dive-broker", null, Optional.empty(), NO_HOSTNAME, SOCKET, true);
        assertThat(address.base()).isEqualTo(SOCKET);
        assertThat(address.kasUrl()).isEqualTo("http://127.0.0.1:18080/realms/dive-broker/kas");
    }

    @Test
    void aConfiguredOriginComesFirstAndTheKeycloakPathStillNamesTheKas() throws Exception {
        KasAddress origin = KasAddress.resolve("dive-broker", "http://127.0.0.1:18480", Optional.empty(), NO_HOSTNAME, SOCKET, false);
        assertThat(origin.kasUrls("dive-broker")).containsExactly("http://127.0.0.1:18480",
                "http://127.0.0.1:18080/realms/dive-broker/kas");
        KasAddress path = KasAddress.resolve("dive-broker", null, Optional.empty(), NO_HOSTNAME, SOCKET, true);
        assertThat(path.kasUrls("dive-broker")).containsExactly("http://127.0.0.1:18080/realms/dive-broker/kas");
        io.dive.kas.rewrap.Caller caller = new io.dive.kas.rewrap.Caller("dive-broker", null, origin.kasUrls("dive-broker").get(0),
                origin.kasUrls("dive-broker").subList(1, 2), "127.0.0.1", "software", null, null);
        assertThat(caller.names("http://127.0.0.1:18480/")).isTrue();
        assertThat(caller.names("http://127.0.0.1:18080/realms/dive-broker/kas")).isTrue();
        assertThat(caller.names("http://127.0.0.1:18080/realms/other/kas")).isFalse();
        assertThat(caller.names(null)).isFalse();
    }

    @Test
    void aHostnameFixedByKeycloakIsTheBase() throws Exception {
        KasAddress address = KasAddress.resolve("dive-broker", null, Optional.of(URI.create("https://kc.example")),
                NO_HOSTNAME, SOCKET, true);
        assertThat(address.base()).isEqualTo(URI.create("https://kc.example/"));
        assertThat(address.kasUrl()).isEqualTo("https://kc.example/realms/dive-broker/kas");
    }

    @Test
    void aBareHostnameIsCompletedFromTheSocketNotTheRequest() throws Exception {
        UnaryOperator<URI> bareHostname = uri -> URI.create(uri.getScheme() + "://kc.example:" + uri.getPort() + uri.getPath());
        KasAddress address = KasAddress.resolve("r", null, Optional.empty(), bareHostname, SOCKET, true);
        assertThat(address.base()).isEqualTo(URI.create("http://kc.example:18080/"));
    }

    @Test
    void theRealmsKasUrlWinsAndIsRequiredInProductionMode() throws Exception {
        assertThat(KasAddress.resolve("r", "https://kas.example/realms/r/kas", Optional.empty(), NO_HOSTNAME, SOCKET, false)
                .kasUrl()).isEqualTo("https://kas.example/realms/r/kas");
        assertThatThrownBy(() -> KasAddress.resolve("r", null, Optional.of(URI.create("https://kc.example/")), NO_HOSTNAME,
                SOCKET, false)).isInstanceOfSatisfying(KasFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(KasFailure.Kind.KAS_URL_UNSET);
                    assertThat(e.kind().status()).isEqualTo(503);
                    assertThat(e.clientMessage()).contains("dive.kas.url");
                    assertThat(e.getMessage()).contains("production mode");
                });
    }
}
