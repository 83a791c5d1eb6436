package io.dive.authenticators.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OtpConfigTest {

    @Test
    void defaultsToFiveAttemptsAndTheActivationCodeGate() {
        OtpConfig config = OtpConfig.from((Map<String, String>) null);
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.enrollmentGate()).isEqualTo(OtpConfig.Gate.ACTIVATION_CODE);
        assertThat(OtpConfig.from(Map.of("maxAttempts", "3")).enrollmentGate()).isEqualTo(OtpConfig.Gate.ACTIVATION_CODE);
        assertThat(OtpConfig.from(Map.of("enrollmentGate", " ")).enrollmentGate()).isEqualTo(OtpConfig.Gate.ACTIVATION_CODE);
    }

    @Test
    void readsTheGateAndTheLimit() {
        OtpConfig config = OtpConfig.from(Map.of("maxAttempts", "3", "enrollmentGate", "activation-code"));
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.enrollmentGate()).isEqualTo(OtpConfig.Gate.ACTIVATION_CODE);
        assertThat(OtpConfig.from(Map.of("enrollmentGate", "open")).enrollmentGate()).isEqualTo(OtpConfig.Gate.OPEN);
    }

    @Test
    void rejectsValuesOutsideTheChoices() {
        assertThatThrownBy(() -> OtpConfig.from(Map.of("enrollmentGate", "closed"))).hasMessageContaining("enrollmentGate");
        assertThatThrownBy(() -> OtpConfig.from(Map.of("maxAttempts", "0"))).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> OtpConfig.from(Map.of("maxAttempts", "many"))).hasMessageContaining("maxAttempts");
    }
}
