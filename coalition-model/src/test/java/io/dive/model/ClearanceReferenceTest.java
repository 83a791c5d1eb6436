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
    private static final String HEADER = "country\tlevel\tmarking\tascii_alias\tsource\tconfidence\tstatus\n";

    static Stream<Arguments> everyRow() {
        return REFERENCE.markings().stream().map(m -> Arguments.of(m.country(), m.marking(), m));
    }

    @Test
    void theDataFileHasEveryRowOfTheResearchedTable() {
        // 185 rows in shared/reference/classification-equivalency.tsv, 38 countries plus NATO and EU.
        assertThat(REFERENCE.markings()).hasSize(185);
        assertThat(REFERENCE.markings().stream().map(NationalMarking::country).distinct()).hasSize(40);
        assertThat(REFERENCE.markings().stream().filter(NationalMarking::isLegacy)).hasSize(8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyRow")
    void everyRowResolvesAsWrittenInAnyCaseAndWithoutAccents(String country, String marking, NationalMarking row) {
        String clearanceCountry = row.isInternational() ? "USA" : country;
        assertThat(REFERENCE.resolve(clearanceCountry, marking).level()).as("as written").contains(expected(row, clearanceCountry));
        assertThat(REFERENCE.resolve(clearanceCountry, marking.toLowerCase(Locale.ROOT)).level())
                .as("lower case").contains(expected(row, clearanceCountry));
        String unaccented = Normalizer.normalize(marking, Normalizer.Form.NFD).replaceAll("\\p{Mn}+", "");
        assertThat(REFERENCE.resolve(clearanceCountry, unaccented).level()).as("without accents")
                .contains(expected(row, clearanceCountry));
        row.asciiAlias().ifPresent(alias -> assertThat(REFERENCE.resolve(clearanceCountry, alias).level())
                .as("ASCII alias").contains(expected(row, clearanceCountry)));
        if (!row.isInternational()) {
            assertThat(REFERENCE.resolve(country, marking).isLegacy()).as("status").isEqualTo(row.isLegacy());
        }
        assertThat(row.source()).isNotBlank();
    }

    /** A national marking resolves to its own level; an international one unless USA shadows it. */
    private static ClearanceLevel expected(NationalMarking row, String clearanceCountry) {
        return row.isInternational()
                ? REFERENCE.resolve(clearanceCountry, row.marking()).level().orElseThrow()
                : row.level();
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "DEU|GEHEIM|SECRET",
        "DEU|VS-VERTRAULICH|CONFIDENTIAL",
        "DEU|VS — VERTRAULICH|CONFIDENTIAL",
        "DEU|VS – VERTRAULICH|CONFIDENTIAL",      // en dash
        "DEU|VS ‐ VERTRAULICH|CONFIDENTIAL",      // U+2010 hyphen
        "DEU|VS—VERTRAULICH|CONFIDENTIAL",
        "DEU|vs -vertraulich|CONFIDENTIAL",
        "DEU|VS — NUR FÜR DEN DIENSTGEBRAUCH|RESTRICTED",
        "DEU|VS-NUR FÜR DEN DIENSTGEBRAUCH|RESTRICTED",
        "DEU|VS-NUR FUER DEN DIENSTGEBRAUCH|RESTRICTED",
        "DEU|VS – Nur für den Dienstgebrauch|RESTRICTED",
        "DEU|VS-NfD|RESTRICTED",
        "DEU|VS – NfD|RESTRICTED",
        "AUT|EINGESCHRÄNKT|RESTRICTED",
        "AUT|Eingeschraenkt|RESTRICTED",
        "ESP|RESERVADO|SECRET",
        "ESP|SECRETO|TOP_SECRET",
        "ITA|RISERVATO|RESTRICTED",
        "ITA|riservatissimo|CONFIDENTIAL",
        "FRA|SECRET DEFENSE|SECRET",
        "FRA|Secret Défense|SECRET",
        "FRA|TRÈS SECRET|TOP_SECRET",
        "ROU|SECRET|CONFIDENTIAL",
        "ROU|STRICT SECRET|SECRET",
        "ROU|STRICT SECRET DE IMPORTANȚĂ DEOSEBITĂ|TOP_SECRET",   // comma below
        "ROU|STRICT SECRET DE IMPORTANŢĂ DEOSEBITĂ|TOP_SECRET",   // cedilla
        "TUR|ÇOK GİZLİ|TOP_SECRET",
        "TUR|çok gizli|TOP_SECRET",
        "TUR|HİZMETE ÖZEL|RESTRICTED",
        "TUR|hızmete özel|RESTRICTED",            // dotless ı
        "TUR|TASNİF DIŞI|UNCLASSIFIED",
        "POL|ZASTRZEŻONE|RESTRICTED",
        "POL|zastrzezone|RESTRICTED",
        "NLD|Stg. CONFIDENTIEEL|CONFIDENTIAL",
        "GBR|OFFICIAL|UNCLASSIFIED",
        "GBR|OFFICIAL-SENSITIVE|RESTRICTED",
        "GBR|OFFICIAL — SENSITIVE|RESTRICTED",
        "MLT|L – Ogħla Segretezza|TOP_SECRET",
        "MNE|СТРОГО ТАЈНО|TOP_SECRET",
        "MNE|ТАЈНО|SECRET",
        "MNE|POVJERLJIVO|CONFIDENTIAL",
        "USA|TOP SECRET|TOP_SECRET",
        "CAN|'  SECRET  '|SECRET",
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

    @ParameterizedTest(name = "{0} {1} = {2} (legacy)")
    @CsvSource(delimiter = '|', value = {
        "GBR|CONFIDENTIAL|CONFIDENTIAL",
        "GBR|Restricted|RESTRICTED",
        "AUS|CONFIDENTIAL|CONFIDENTIAL",
        "SWE|HEMLIG/TOP SECRET|TOP_SECRET",
        "SWE|hemlig/restricted|RESTRICTED",
        "TUR|ÖZEL|CONFIDENTIAL",
    })
    void legacyMarkingsResolveToTheirLevelAndSaySo(String country, String marking, ClearanceLevel level) {
        ClearanceResolution resolution = REFERENCE.resolve(country, marking);
        assertThat(resolution.level()).contains(level);
        assertThat(resolution.isLegacy()).isTrue();
        assertThat(resolution.marking().orElseThrow().status()).isEqualTo(NationalMarking.Status.LEGACY);
    }

    @Test
    void currentMarkingsAreNotLegacy() {
        assertThat(REFERENCE.resolve("USA", "CONFIDENTIAL").isLegacy()).isFalse();
        assertThat(REFERENCE.resolve("SWE", "HEMLIG").isLegacy()).isFalse();
        assertThat(REFERENCE.resolve("SWE", "HEMLIG").level()).contains(ClearanceLevel.SECRET);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "DEU|SECRET",               // not a German marking: never borrowed from another nation
        "DEU|GEHEIMM",              // no fuzzy matching
        "DEU|GEHEI",
        "DEU|VS-NFD-X",
        "DEU|VS--VERTRAULICH",      // two dashes are not one separator
        "DEU|VSNFD",                // no free abbreviations: only the official short form is a row
        "DEU|NfD",
        "FRA|SECRET-DEFENSE",       // a dash is not a space
        "SWE|BEGRAENSAT HEMLIG",    // AE for Ä is German only
        "ITA|CONFIDENTIAL",
        "ESP|ALTO SECRETO",         // does not exist
        "USA|TS",
        "USA|NATO TOP SECRET",      // not official
        "TUR|KİŞİYE ÖZEL",          // a handling stamp, not ÖZEL
        "SWE|HEMLIGT",              // neuter forms: old stamps only
        "SWE|KVALIFICERAT HEMLIGT",
        "MNE|СТРОГО ПОВЕРЉИВО",     // Serbian usage
        "MKD|СТРОГО ТАЈНО",         // Montenegro's, not North Macedonia's
        "XXX|GEHEIM",               // invalid country: only NATO and EU markings apply
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
    void combiningMarksOtherThanAccentsAreRejected() {
        String struckThrough = "T\u0336O\u0336P\u0336 \u0336S\u0336E\u0336C\u0336R\u0336E\u0336T\u0336";
        ClearanceResolution resolution = REFERENCE.resolve("USA", struckThrough);
        assertThat(resolution.failure()).contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(resolution.detail()).contains("U+0336");
        assertThat(REFERENCE.resolve("USA", "S\u0332ECRET").failure()).as("underline")
                .contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(REFERENCE.resolve("USA", "SECRET\u20DD").failure()).as("enclosing circle")
                .contains(ClearanceResolution.Failure.MALFORMED);
        assertThatThrownBy(() -> MarkingText.key(struckThrough)).isInstanceOfSatisfying(
                MarkingText.RejectedMarkingException.class,
                e -> assertThat(e.rejection()).isEqualTo(MarkingText.Rejection.COMBINING_MARK));
    }

    @Test
    void missingAndMalformedInputIsNeverALevel() {
        assertThat(REFERENCE.resolve("USA", null).failure()).contains(ClearanceResolution.Failure.MISSING);
        assertThat(REFERENCE.resolve("USA", "   ").failure()).contains(ClearanceResolution.Failure.MISSING);
        assertThat(REFERENCE.resolve("USA", "SECRET\u0000").failure()).contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(REFERENCE.resolve("USA", "SEC\u200BRET").failure()).as("zero-width space")
                .contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(REFERENCE.resolve("USA", "S".repeat(500)).failure()).contains(ClearanceResolution.Failure.MALFORMED);
        assertThat(REFERENCE.resolve(null, "SECRET").isResolved()).isFalse();
    }

    @Test
    void nfcAndNfdInputMatchTheSameRow() {
        String nfd = Normalizer.normalize("SECRET DÉFENSE", Normalizer.Form.NFD);
        assertThat(REFERENCE.resolve("FRA", nfd).level()).contains(ClearanceLevel.SECRET);
    }

    @Test
    void theIssuingCountryIsTheClearanceCountryElseTheCountryOfAffiliationTrimmed() {
        ClearanceResolution trailingSpace = REFERENCE.resolve(new ClearanceAttributes("TOP SECRET", "USA ", null));
        assertThat(trailingSpace.level()).contains(ClearanceLevel.TOP_SECRET);
        assertThat(trailingSpace.clearanceCountry()).contains("USA");
        assertThat(trailingSpace.invalidCountry()).isEmpty();

        ClearanceResolution dualNational = REFERENCE.resolve(new ClearanceAttributes("SECRET", "ROU", "USA"));
        assertThat(dualNational.level()).contains(ClearanceLevel.CONFIDENTIAL);

        ClearanceResolution byAffiliation = REFERENCE.resolve(new ClearanceAttributes("GEHEIM", "  ", " DEU"));
        assertThat(byAffiliation.level()).contains(ClearanceLevel.SECRET);
        assertThat(byAffiliation.clearanceCountry()).contains("DEU");

        ClearanceResolution invalid = REFERENCE.resolve(new ClearanceAttributes("NATO SECRET", "Germany", "DEU"));
        assertThat(invalid.level()).contains(ClearanceLevel.SECRET);
        assertThat(invalid.clearanceCountry()).isEmpty();
        assertThat(invalid.invalidCountry()).contains("Germany");
        assertThat(REFERENCE.resolve(new ClearanceAttributes("GEHEIM", "Germany", "DEU")).isResolved())
                .as("an invalid clearance country does not fall back to the affiliation").isFalse();
    }

    @Test
    void attributesAreReadByTheirCoalitionNames() {
        java.util.Map<String, String> directory = java.util.Map.of(CoalitionAttributes.CLEARANCE, "GEHEIM",
                CoalitionAttributes.COUNTRY_OF_AFFILIATION, "DEU");
        assertThat(ClearanceAttributes.read(directory::get))
                .isEqualTo(new ClearanceAttributes("GEHEIM", null, "DEU"));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "DEU\tSECRET\tGEHEIM\t\ts\thigh\tcurrent|DEU\tTOP_SECRET\tgeheim\t\ts\thigh\tcurrent|also SECRET",
        "GBR\tCONFIDENTIAL\tCONFIDENTIAL\t\ts\thigh\tlegacy|GBR\tCONFIDENTIAL\tConfidential\t\ts\thigh\tcurrent|(legacy",
    })
    void aSpellingWithTwoMeaningsInOneNationIsRejected(String first, String second, String message) {
        String file = HEADER + first + "\n" + second + "\n";
        assertThatThrownBy(() -> ClearanceReference.parse(new StringReader(file), "test.tsv"))
                .hasMessageContaining("test.tsv:3").hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DE\tSECRET\tGEHEIM\t\ts\thigh\tcurrent|not ISO 3166-1 alpha-3",
        "DEU\tGEHEIM\tGEHEIM\t\ts\thigh\tcurrent|unknown level",
        "DEU\tSECRET\tGEHEIM\t\t\thigh\tcurrent|needs a source",
        "DEU\tSECRET\tGEHEIM\t\ts\tsure\tcurrent|confidence",
        "DEU\tSECRET\tGEHEIM\t\ts\thigh\tCurrent|status must be current or legacy",
        "DEU\tSECRET\tGEHEIM\t\ts\thigh|7 tab-separated columns",
        "DEU\tSECRET\tGE\u0336HEIM\t\ts\thigh\tcurrent|not an accent",
    })
    void defectiveRowsAreErrorsNamingTheLine(String row, String message) {
        String file = "# comment\n" + HEADER + row + "\n";
        assertThatThrownBy(() -> ClearanceReference.parse(new StringReader(file), "bad.tsv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.tsv:3").hasMessageContaining(message);
    }

    @Test
    void aFileWithTheOldSixColumnHeaderIsRejected() {
        String file = "country\tlevel\tmarking\tascii_alias\tsource\tconfidence\nDEU\tSECRET\tGEHEIM\t\ts\thigh\n";
        assertThatThrownBy(() -> ClearanceReference.parse(new StringReader(file), "old.tsv"))
                .hasMessageContaining("old.tsv:1").hasMessageContaining("status");
    }
}
