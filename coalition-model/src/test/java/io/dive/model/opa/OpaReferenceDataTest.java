package io.dive.model.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.model.ClearanceReference;
import io.dive.model.MarkingText;
import io.dive.model.NationalMarking;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPA data written at build time agrees with the Java model on every row. */
class OpaReferenceDataTest {

    @Test
    void everyRowOfTheDataFileIsInTheExportWithTheSameLevel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.json");
        OpaReferenceData.write(file);
        JsonNode data = new ObjectMapper().readTree(file.toFile());
        JsonNode markings = data.path("markings");
        ClearanceReference reference = ClearanceReference.standard();
        for (NationalMarking row : reference.markings()) {
            for (String form : row.asciiAlias().map(a -> java.util.List.of(row.marking(), a))
                    .orElse(java.util.List.of(row.marking()))) {
                String exported = markings.path(row.country()).path(MarkingText.key(form)).asText(null);
                assertThat(exported).as("%s '%s'", row.country(), form).isEqualTo(row.level().name());
            }
        }
        int exportedKeys = 0;
        for (JsonNode country : markings) {
            exportedKeys += country.size();
        }
        int javaKeys = reference.byCountryAndKey().values().stream().mapToInt(java.util.Map::size).sum();
        assertThat(exportedKeys).as("no extra keys in the export").isEqualTo(javaKeys);
    }

    @Test
    void levelsGroupsAndCoisAreExported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.json");
        OpaReferenceData.write(file);
        JsonNode data = new ObjectMapper().readTree(file.toFile());
        assertThat(data.path("levels").toString())
                .isEqualTo("[\"UNCLASSIFIED\",\"RESTRICTED\",\"CONFIDENTIAL\",\"SECRET\",\"TOP_SECRET\"]");
        assertThat(data.path("level_rank").path("TOP_SECRET").asInt()).isEqualTo(4);
        assertThat(data.path("groups").has("FVEY")).isTrue();
        assertThat(data.path("groups").has("AUKUS")).isFalse();
        assertThat(data.path("cois").has("NATO-COSMIC")).isTrue();
        assertThat(data.path("mutually_exclusive_cois").size()).isEqualTo(4);
        assertThat(data.path("countries").size()).isGreaterThan(240);
    }
}
