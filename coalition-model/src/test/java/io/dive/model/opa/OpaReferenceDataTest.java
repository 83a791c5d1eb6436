package io.dive.model.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.model.ClearanceReference;
import io.dive.model.MarkingText;
import io.dive.model.NationalMarking;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPA data written at build time is the data file: every row, level and status included. */
class OpaReferenceDataTest {

    private static JsonNode data;

    @BeforeAll
    static void export(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.json");
        OpaReferenceData.write(file);
        data = new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void theExportedRowsAreTheLinesOfTheDataFile() throws Exception {
        // Read the file as text, not through the Java parser, so a parser defect cannot hide here.
        List<String> lines;
        try (InputStream in = ClearanceReference.class.getResourceAsStream(ClearanceReference.RESOURCE)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
        String[] columns = lines.get(0).split("\t");
        JsonNode rows = data.path("national_markings");
        assertThat(rows.size()).isEqualTo(lines.size() - 1).isEqualTo(185);
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split("\t", -1);
            JsonNode row = rows.get(i - 1);
            assertThat(row.size()).as("columns of row %d", i).isEqualTo(columns.length);
            for (int c = 0; c < columns.length; c++) {
                assertThat(row.path(columns[c]).asText(null)).as("row %d column %s", i, columns[c]).isEqualTo(cells[c]);
            }
        }
    }

    @Test
    void everyFormOfEveryRowIsKeyedWithItsLevelAndStatus() {
        JsonNode markings = data.path("markings");
        ClearanceReference reference = ClearanceReference.standard();
        for (NationalMarking row : reference.markings()) {
            for (String form : row.forms()) {
                JsonNode exported = markings.path(row.country()).path(MarkingText.key(form));
                assertThat(exported.path("level").asText(null)).as("%s '%s' level", row.country(), form)
                        .isEqualTo(row.level().name());
                assertThat(exported.path("status").asText(null)).as("%s '%s' status", row.country(), form)
                        .isEqualTo(row.status().label());
            }
        }
        assertThat(markings.path("GBR").path("CONFIDENTIAL").path("status").asText()).isEqualTo("legacy");
        assertThat(markings.path("USA").path("CONFIDENTIAL").path("status").asText()).isEqualTo("current");
        assertThat(markings.path("DEU").path("VS-NUR FUER DEN DIENSTGEBRAUCH").path("level").asText())
                .isEqualTo("RESTRICTED");
        int exportedKeys = 0;
        for (JsonNode country : markings) {
            exportedKeys += country.size();
        }
        int javaKeys = reference.byCountryAndKey().values().stream().mapToInt(Map::size).sum();
        assertThat(exportedKeys).as("no extra keys in the export").isEqualTo(javaKeys);
    }

    @Test
    void levelsGroupsAndCoisAreExported() {
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
