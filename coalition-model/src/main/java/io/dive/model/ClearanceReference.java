package io.dive.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * National clearance markings and their levels, loaded from the one project data file
 * ({@code national-markings.tsv}). Markings are scoped by the clearance-issuing country, because the
 * same word means different levels in different nations (Romania's {@code SECRET} is CONFIDENTIAL);
 * NATO and EU markings are valid whatever the country.
 */
public final class ClearanceReference {

    /** Authorities whose markings are valid for a user of any nation. */
    public static final Set<String> INTERNATIONAL_AUTHORITIES = Set.of("NATO", "EU");

    /** The classpath location of the data file. */
    public static final String RESOURCE = "/io/dive/model/national-markings.tsv";

    private static final Set<String> CONFIDENCE = Set.of("high", "medium", "low");
    private static final String HEADER = "country\tlevel\tmarking\tascii_alias\tsource\tconfidence";

    private final List<NationalMarking> markings;
    private final Map<String, Map<String, NationalMarking>> byCountryAndKey;

    private ClearanceReference(List<NationalMarking> markings, Map<String, Map<String, NationalMarking>> index) {
        this.markings = List.copyOf(markings);
        this.byCountryAndKey = index;
    }

    /** The reference shipped with DIVE, loaded once (on first use). */
    public static ClearanceReference standard() {
        return Standard.INSTANCE;
    }

    /** Lazy holder: the class loader guarantees one load, without locking on every call. */
    private static final class Standard {
        static final ClearanceReference INSTANCE = ReferenceResource.read(RESOURCE,
                in -> parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE));
    }

    /**
     * Parses a markings file; every defect (bad level, bad country, a key that would match two levels
     * in one country) is an error naming the line, never a skipped row.
     */
    public static ClearanceReference parse(Reader reader, String sourceName) throws IOException {
        List<NationalMarking> rows = new ArrayList<>();
        Map<String, Map<String, NationalMarking>> index = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        boolean headerSeen = false;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = sourceName + ":" + number + ": ";
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw new IllegalArgumentException(where + "expected the header '" + HEADER + "'");
                }
                headerSeen = true;
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != 6) {
                throw new IllegalArgumentException(where + "expected 6 tab-separated columns, found " + cells.length);
            }
            String country = cells[0];
            if (!INTERNATIONAL_AUTHORITIES.contains(country) && !Countries.isValid(country)) {
                throw new IllegalArgumentException(where + "'" + country + "' is not ISO 3166-1 alpha-3 (nor NATO/EU)");
            }
            ClearanceLevel level = ClearanceLevel.fromExactName(cells[1])
                    .orElseThrow(() -> new IllegalArgumentException(where + "unknown level '" + cells[1] + "'"));
            if (!CONFIDENCE.contains(cells[5])) {
                throw new IllegalArgumentException(where + "confidence must be high, medium or low");
            }
            if (cells[4].isBlank()) {
                throw new IllegalArgumentException(where + "every marking needs a source");
            }
            NationalMarking marking = new NationalMarking(country, level, cells[2],
                    cells[3].isBlank() ? Optional.empty() : Optional.of(cells[3]), cells[4], cells[5]);
            Map<String, NationalMarking> keys = index.computeIfAbsent(country, c -> new LinkedHashMap<>());
            for (String form : marking.asciiAlias().map(a -> List.of(cells[2], a)).orElse(List.of(cells[2]))) {
                String key;
                try {
                    key = MarkingText.key(form);
                } catch (MarkingText.RejectedMarkingException e) {
                    throw new IllegalArgumentException(where + "'" + form + "': " + e.getMessage(), e);
                }
                NationalMarking previous = keys.putIfAbsent(key, marking);
                if (previous != null && previous.level() != level) {
                    throw new IllegalArgumentException(where + country + " '" + form + "' means " + level
                            + " but also " + previous.level() + " ('" + previous.marking() + "')");
                }
            }
            rows.add(marking);
        }
        if (!headerSeen) {
            throw new IllegalArgumentException(sourceName + ": no header line");
        }
        index.replaceAll((country, keys) -> Collections.unmodifiableMap(keys));
        return new ClearanceReference(rows, Collections.unmodifiableMap(index));
    }

    /**
     * Resolves the clearance string a user holds, as issued by {@code clearanceCountry}.
     *
     * <p>The country's own markings are tried first, then NATO and EU markings. An invalid or absent
     * country leaves only the international markings.
     */
    public ClearanceResolution resolve(String clearanceCountry, String clearance) {
        if (clearance == null || clearance.isBlank()) {
            return ClearanceResolution.failed(ClearanceResolution.Failure.MISSING, "no clearance");
        }
        String key;
        try {
            key = MarkingText.key(clearance);
        } catch (MarkingText.RejectedMarkingException e) {
            return ClearanceResolution.failed(ClearanceResolution.Failure.MALFORMED, e.getMessage());
        }
        if (Countries.isValid(clearanceCountry)) {
            NationalMarking national = byCountryAndKey.getOrDefault(clearanceCountry, Map.of()).get(key);
            if (national != null) {
                return ClearanceResolution.resolved(national);
            }
        }
        for (String authority : List.of("NATO", "EU")) {
            NationalMarking international = byCountryAndKey.getOrDefault(authority, Map.of()).get(key);
            if (international != null) {
                return ClearanceResolution.resolved(international);
            }
        }
        String scope = Countries.isValid(clearanceCountry) ? clearanceCountry + ", NATO or EU"
                : "NATO or EU (clearance country '" + clearanceCountry + "' is not ISO 3166-1 alpha-3)";
        return ClearanceResolution.failed(ClearanceResolution.Failure.UNKNOWN, "not a " + scope + " marking");
    }

    /** Every row of the data file, in file order. */
    public List<NationalMarking> markings() {
        return markings;
    }

    /** Country (or NATO / EU) → comparison key ({@link MarkingText#key}) → marking. */
    public Map<String, Map<String, NationalMarking>> byCountryAndKey() {
        return byCountryAndKey;
    }
}
