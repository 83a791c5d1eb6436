package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KasSettingsTest {

    @Test
    void cachesAreBoundedAsSpecFixes() {
        assertThatThrownBy(() -> new KasSettings("http://x", null, Duration.ofMillis(1), Duration.ZERO, Duration.ofSeconds(61), 1,
                Duration.ZERO, Duration.ZERO, false)).hasMessageContaining("0..60");
        assertThatThrownBy(() -> new KasSettings("http://x", null, Duration.ofMillis(1), Duration.ofSeconds(61), Duration.ZERO, 1,
                Duration.ZERO, Duration.ZERO, false)).hasMessageContaining("0..60");
        assertThatThrownBy(() -> new KasSettings("http://x", null, Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, -1,
                Duration.ZERO, Duration.ZERO, false)).hasMessageContaining("must not be negative");
    }

    @Test
    void decisionsAreReusedNoLongerThanTheClockSkewAndTheInFlightBoundIsNotNegative() {
        assertThatThrownBy(() -> new KasSettings("http://x", null, Duration.ofMillis(1), Duration.ofSeconds(31), Duration.ZERO, 1,
                Duration.ofSeconds(30), Duration.ZERO, false)).hasMessageContaining("must not exceed clockSkewSeconds (30)");
        assertThatThrownBy(() -> new KasSettings("http://x", null, Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, 1,
                Duration.ZERO, Duration.ZERO, false, -1)).hasMessageContaining("maxRewrapsInFlight must not be negative");
        assertThat(new KasSettings("http://x", null, Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ZERO, 1,
                Duration.ofSeconds(30), Duration.ZERO, false).maxRewrapsInFlight()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theOpaTokenIsNeverPrinted() {
        KasSettings settings = new KasSettings("http://x", "s3cret-opa-token", Duration.ofMillis(1), Duration.ZERO,
                Duration.ZERO, 1, Duration.ZERO, Duration.ZERO, false);
        assertThat(settings.toString()).doesNotContain("s3cret-opa-token").contains("opaToken set");
    }
}
