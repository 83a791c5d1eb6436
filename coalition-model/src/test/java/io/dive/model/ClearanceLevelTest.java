package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClearanceLevelTest {

    @Test
    void levelsAreOrderedFromUnclassifiedToTopSecret() {
        assertThat(ClearanceLevel.values()).containsExactly(
                ClearanceLevel.UNCLASSIFIED, ClearanceLevel.RESTRICTED, ClearanceLevel.CONFIDENTIAL,
                ClearanceLevel.SECRET, ClearanceLevel.TOP_SECRET);
    }

    @Test
    void dominanceIsReflexiveAndFollowsTheOrder() {
        assertThat(ClearanceLevel.SECRET.dominates(ClearanceLevel.SECRET)).isTrue();
        assertThat(ClearanceLevel.SECRET.dominates(ClearanceLevel.CONFIDENTIAL)).isTrue();
        assertThat(ClearanceLevel.CONFIDENTIAL.dominates(ClearanceLevel.SECRET)).isFalse();
        assertThat(ClearanceLevel.UNCLASSIFIED.dominates(ClearanceLevel.RESTRICTED)).isFalse();
    }

    @Test
    void parsesNormalizedNamesCaseInsensitively() {
        assertThat(ClearanceLevel.fromName(" top_secret ")).contains(ClearanceLevel.TOP_SECRET);
        assertThat(ClearanceLevel.fromName("Confidential")).contains(ClearanceLevel.CONFIDENTIAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "TOP SECRET", "GEHEIM", "SECRETS", "NATO SECRET"})
    void rejectsAnythingThatIsNotALevelName(String input) {
        assertThat(ClearanceLevel.fromName(input)).isEmpty();
    }

    @Test
    void exactNamesAreCaseSensitive() {
        assertThat(ClearanceLevel.fromExactName("SECRET")).contains(ClearanceLevel.SECRET);
        assertThat(ClearanceLevel.fromExactName("secret")).isEmpty();
        assertThat(ClearanceLevel.fromExactName(null)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(ClearanceLevel.fromName(null)).isEmpty();
    }

    @Test
    void carriesTheNatoMarking() {
        assertThat(ClearanceLevel.TOP_SECRET.natoMarking()).isEqualTo("COSMIC TOP SECRET");
        assertThat(ClearanceLevel.RESTRICTED.natoMarking()).isEqualTo("NATO RESTRICTED");
    }
}
