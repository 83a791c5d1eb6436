package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaveatsTest {

    @Test
    void theKnownCaveatsAreExactlyThoseThePolicyBundleHasARuleFor() throws Exception {
        JsonNode data = new ObjectMapper().readTree(Path.of("../policies/src/dive/config/data.json").toFile());
        Set<String> inBundle = new HashSet<>();
        data.path("caveats").fieldNames().forEachRemaining(inBundle::add);
        assertThat(Caveats.known()).isEqualTo(inBundle);
    }

    @Test
    void onlyKnownCaveatsAreKnown() {
        assertThat(Caveats.isKnown("NOFORN")).isTrue();
        assertThat(Caveats.isKnown("noforn")).isFalse();
        assertThat(Caveats.isKnown("EYES-ONLY-MARS")).isFalse();
        assertThat(Caveats.isKnown(null)).isFalse();
    }
}
