package io.dive.authenticators.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DiveOtpConfigTest {

    @Test
    void defaultsToFiveAttemptsAndAnOpenGate() {
        DiveOtpConfig config = DiveOtpConfig.from((Map<String, String>) null);
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.enrollmentGate()).isEqualTo(DiveOtpConfig.Gate.OPEN);
    }

    @Test
    void readsTheGateAndTheLimit() {
        DiveOtpConfig config = DiveOtpConfig.from(Map.of("maxAttempts", "3", "enrollmentGate", "activation-code"));
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.enrollmentGate()).isEqualTo(DiveOtpConfig.Gate.ACTIVATION_CODE);
    }

    @Test
    void rejectsValuesOutsideTheChoices() {
        assertThatThrownBy(() -> DiveOtpConfig.from(Map.of("enrollmentGate", "closed"))).hasMessageContaining("enrollmentGate");
        assertThatThrownBy(() -> DiveOtpConfig.from(Map.of("maxAttempts", "0"))).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> DiveOtpConfig.from(Map.of("maxAttempts", "many"))).hasMessageContaining("maxAttempts");
    }
}
