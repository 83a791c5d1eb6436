package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticationAssuranceTest {

    @Test
    void acrValuesMapToTheMethodsOfSpecSection3() {
        assertThat(AuthenticationAssurance.fromAcr("1").orElseThrow().amr()).isEqualTo(List.of("pwd"));
        assertThat(AuthenticationAssurance.fromAcr("2").orElseThrow().amr()).isEqualTo(List.of("pwd", "otp"));
        assertThat(AuthenticationAssurance.fromAcr("3").orElseThrow().amr()).contains("hwk");
    }

    @Test
    void anSsoSessionKeepsPasswordAssurance() {
        assertThat(AuthenticationAssurance.fromAcr("0")).contains(AuthenticationAssurance.AAL1);
    }

    @Test
    void unknownAcrValuesHaveNoAssurance() {
        assertThat(AuthenticationAssurance.fromAcr("gold")).isEmpty();
        assertThat(AuthenticationAssurance.fromAcr(null)).isEmpty();
    }
}
