package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KasSettingsTest {

    @Test
    void cachesAreBoundedAsSpecFixes() {
        assertThatThrownBy(() -> new KasSettings("http://x", Duration.ofMillis(1), Duration.ZERO, Duration.ofSeconds(61), 1,
                Duration.ZERO, Duration.ZERO, false)).hasMessageContaining("0..60");
        assertThatThrownBy(() -> new KasSettings("http://x", Duration.ofMillis(1), Duration.ofSeconds(61), Duration.ZERO, 1,
                Duration.ZERO, Duration.ZERO, false)).hasMessageContaining("0..60");
        assertThatThrownBy(() -> new KasSettings("http://x", Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, -1,
                Duration.ZERO, Duration.ZERO, false)).hasMessageContaining("must not be negative");
    }
}
