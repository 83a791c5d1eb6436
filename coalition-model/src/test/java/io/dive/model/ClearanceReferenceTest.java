package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.text.Normalizer;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClearanceReferenceTest {

    private static final ClearanceReference REFERENCE = ClearanceReference.standard();

    static Stream<Arguments> everyRow() {
        return REFERENCE.markings().stream().map(m -> Arguments.of(m.country(), m.marking(), m));
    }

    @Test
    void theDataFileHasEveryRowOfTheResearchedTable() {
        // 169 rows in shared/reference/classification-equivalency.tsv, 38 countries plus NATO and EU.
        assertThat(REFERENCE.markings()).hasSize(169);
        assertThat(REFERENCE.markings().stream().map(NationalMarking::country).distinct()).hasSize(40);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyRow")
    void everyRowResolvesAsWrittenInAnyCaseAndWithoutAccents(String country, String marking, NationalMarking row) {
        String clearanceCountry = row.isInternational() ? "USA" : country;
        assertThat(REFERENCE.resolve(clearanceCountry, marking).level()).as("as written").contains(expected(row, clearanceCountry));
        assertThat(REFERENCE.resolve(country.length() == 3 ? country : "USA", marking.toLowerCase(Locale.ROOT)).isResolved())
                .as("lower case").isTrue();
        String unaccented = Normalizer.normalize(marking, Normalizer.Form.NFD).replaceAll("\\p{Mn}+", "");
        assertThat(REFERENCE.resolve(clearanceCountry, unaccented).level()).as("without accents")
                .contains(expected(row, clearanceCountry));
        row.asciiAlias().ifPresent(alias -> assertThat(REFERENCE.resolve(clearanceCountry, alias).level())
                .as("ASCII alias").contains(expected(row, clearanceCountry)));
        if (!row.isInternational()) {
            assertThat(REFERENCE.resolve(country, marking).marking()).contains(row);
        }
        assertThat(row.source()).isNotBlank();
        assertThat(row.confidence()).isIn("high", "medium", "low");
    }

    /** A national marking resolves to its own row; an international one unless USA shadows it. */
    private static ClearanceLevel expected(NationalMarking row, String clearanceCountry) {
        return row.isInternational()
                ? REFERENCE.resolve(clearanceCountry, row.marking()).level().orElseThrow()
                : row.level();
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "DEU|GEHEIM|SECRET",
        "DEU|VS-VERTRAULICH|CONFIDENTIAL",
        "DEU|VS — NUR FÜR DEN DIENSTGEBRAUCH|RESTRICTED",
        "ESP|RESERVADO|SECRET",
        "ESP|SECRETO|TOP_SECRET",
        "ITA|RISERVATO|RESTRICTED",
        "ITA|riservatissimo|CONFIDENTIAL",
        "FRA|SECRET DEFENSE|SECRET",
        "FRA|Secret Défense|SECRET",
        "FRA|TRÈS SECRET|TOP_SECRET",
        "ROU|SECRET|CONFIDENTIAL",
        "ROU|STRICT SECRET|SECRET",
        "POL|ZASTRZEŻONE|RESTRICTED",
        "POL|zastrzezone|RESTRICTED",
        "NLD|Stg. CONFIDENTIEEL|CONFIDENTIAL",
        "GBR|OFFICIAL|UNCLASSIFIED",
        "GBR|OFFICIAL-SENSITIVE|RESTRICTED",
        "USA|TOP SECRET|TOP_SECRET",
        "CAN|  SECRET  |SECRET",
        "GRC|ΑΠΟΡΡΗΤΟ|SECRET",
        "BGR|Строго секретно|TOP_SECRET",
        "BGR|STROGO SEKRETNO|TOP_SECRET",
        "USA|NATO SECRET|SECRET",
        "DEU|COSMIC TOP SECRET|TOP_SECRET",
        "ITA|NATO UNCLASSIFIED|UNCLASSIFIED",
    })
    void resolvesKnownMarkings(String country, String marking, ClearanceLevel level) {
        assertThat(REFERENCE.resolve(country, marking).level()).contains(level);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "DEU|SECRET",          // not a German marking: never borrowed from another nation
        "DEU|GEHEIMM",         // no fuzzy matching
        "DEU|GEHEI",
        "FRA|SECRET-DEFENSE",  // a different punctuation is a different string
        "ITA|CONFIDENTIAL",
        "ESP|ALTO SECRETO",    // does not exist
        "USA|TS",
        "XXX|GEHEIM",          // invalid country: only NATO and EU markings apply
    })
    void unknownStringsAreNotClearances(String country, String marking) {
        ClearanceResolution resolution = REFERENCE.resolve(country, marking);
        assertThat(resolution.isResolved()).isFalse();
        assertThat(resolution.level()).isEmpty();
        assertThat(resolution.failure()).contains(ClearanceResolution.Failure.UNKNOWN);
        assertThat(resolution.detail()).isNotBlank();
    }

    @Test
    void mixedScriptLookAlikesAreRejected() {
        // "Секретно" with a Latin C and a Latin e: looks Bulgarian, is not.
        ClearanceResolution resolution = REFERENCE.resolve("BGR", "Ceкретно");
        assertThat(resolution.failure()).contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(resolution.detail()).contains("mixes scripts");
    }

    @Test
    void missingAndMalformedInputIsNeverALevel() {
        assertThat(REFERENCE.resolve("USA", null).failure()).contains(ClearanceResolution.Failure.MISSING);
        assertThat(REFERENCE.resolve("USA", "   ").failure()).contains(ClearanceResolution.Failure.MISSING);
        assertThat(REFERENCE.resolve("USA", "SECRET\u0000").failure()).contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(REFERENCE.resolve("USA", "S".repeat(500)).failure()).contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(REFERENCE.resolve(null, "SECRET").isResolved()).isFalse();
    }

    @Test
    void nfcAndNfdInputMatchTheSameRow() {
        String nfd = Normalizer.normalize("SECRET DÉFENSE", Normalizer.Form.NFD);
        assertThat(REFERENCE.resolve("FRA", nfd).level()).contains(ClearanceLevel.SECRET);
    }

    @Test
    void aFileWhereOneKeyMeansTwoLevelsIsRejected() {
        String file = "country\tlevel\tmarking\tascii_alias\tsource\tconfidence\n"
                + "DEU\tSECRET\tGEHEIM\t\ts\thigh\n"
                + "DEU\tTOP_SECRET\tgeheim\t\ts\thigh\n";
        assertThatThrownBy(() -> ClearanceReference.parse(new StringReader(file), "test.tsv"))
                .hasMessageContaining("test.tsv:3").hasMessageContaining("also SECRET");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DE\tSECRET\tGEHEIM\t\ts\thigh|not ISO 3166-1 alpha-3",
        "DEU\tGEHEIM\tGEHEIM\t\ts\thigh|unknown level",
        "DEU\tSECRET\tGEHEIM\t\t\thigh|needs a source",
        "DEU\tSECRET\tGEHEIM\t\ts\tsure|confidence",
        "DEU\tSECRET\tGEHEIM|6 tab-separated columns",
    })
    void defectiveRowsAreErrorsNamingTheLine(String row, String message) {
        String file = "# comment\ncountry\tlevel\tmarking\tascii_alias\tsource\tconfidence\n" + row + "\n";
        assertThatThrownBy(() -> ClearanceReference.parse(new StringReader(file), "bad.tsv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.tsv:3").hasMessageContaining(message);
    }
}
