package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The project's one data file and the researched table in {@code ../shared/reference/} (beside the
 * checkout) agree row for row, so that a revision of the table cannot drift from what DIVE ships.
 */
class NationalMarkingsFileTest {

    /** The shared table, relative to the checkout root ({@code dive.root}, set by the build). */
    static final String SHARED_TABLE = "../shared/reference/classification-equivalency.tsv";

    @Test
    void theProjectFileHasExactlyTheRowsOfTheSharedTable() throws IOException {
        Path root = Path.of(System.getProperty("dive.root", "..")).toAbsolutePath().normalize();
        Path shared = root.resolve(SHARED_TABLE).normalize();
        if (!Files.isRegularFile(shared)) {
            fail("The researched table " + SHARED_TABLE + " (expected at " + shared + ", next to the checkout "
                    + root + ") is missing: the project's national-markings.tsv cannot be checked against it. "
                    + "Check out ../shared beside the project, or set -Ddive.root to the checkout root.");
        }
        List<String> sharedRows = rows(Files.readString(shared, StandardCharsets.UTF_8));
        List<String> projectRows;
        try (InputStream in = ClearanceReference.class.getResourceAsStream(ClearanceReference.RESOURCE)) {
            projectRows = rows(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(sharedRows.get(0)).as("header of the shared table").isEqualTo(ClearanceReference.HEADER);
        for (int i = 0; i < Math.min(sharedRows.size(), projectRows.size()); i++) {
            assertThat(projectRows.get(i)).as("row %d of the project file vs. the shared table", i)
                    .isEqualTo(sharedRows.get(i));
        }
        assertThat(projectRows).as("rows of the project file").hasSameSizeAs(sharedRows);
        // 185 data rows plus the header.
        assertThat(projectRows).hasSize(186);
    }

    /** The rows of a table file: every line but blank lines and {@code #} comments. */
    private static List<String> rows(String file) {
        return file.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }
}
