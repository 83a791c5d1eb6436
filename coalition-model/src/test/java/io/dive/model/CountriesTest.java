package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CountriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"USA", "GBR", "FRA", "DEU", "CAN", "ITA", "ESP", "POL", "NLD", "NZL"})
    void acceptsAlpha3Codes(String code) {
        assertThat(Countries.isValid(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"US", "usa", "UK", "NATO", "EU", "XXX", "", " USA"})
    void rejectsAnythingElse(String code) {
        assertThat(Countries.isValid(code)).isFalse();
    }
}
