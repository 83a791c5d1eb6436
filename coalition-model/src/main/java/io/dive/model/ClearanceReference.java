package io.dive.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /** Nations whose markings are German: there {@code Ä Ö Ü} may also be written {@code AE OE UE}. */
    public static final Set<String> GERMAN_SPEAKING = Set.of("DEU", "AUT", "CHE", "LIE");

    /** The classpath location of the data file. */
    public static final String RESOURCE = "/io/dive/model/national-markings.tsv";

    /** The header line of the data file (the columns of the researched table). */
    public static final String HEADER = "country\tlevel\tmarking\tascii_alias\tsource\tconfidence\tstatus";

    private static final int COLUMNS = HEADER.split("\t").length;

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
     * Parses a markings file; every defect (bad level, country, confidence or status, a key that would
     * match two levels or two statuses in one country) is an error naming the line, never a skipped row.
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
            NationalMarking marking = row(line.split("\t", -1), where);
            Map<String, NationalMarking> keys = index.computeIfAbsent(marking.country(), c -> new LinkedHashMap<>());
            for (String key : keys(marking, where)) {
                NationalMarking previous = keys.putIfAbsent(key, marking);
                if (previous != null && (previous.level() != marking.level() || previous.status() != marking.status())) {
                    throw new IllegalArgumentException(where + marking.country() + " '" + key + "' means "
                            + marking.level() + " (" + marking.status().label() + ") but also " + previous.level()
                            + " (" + previous.status().label() + ", '" + previous.marking() + "')");
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

    private static NationalMarking row(String[] cells, String where) {
        if (cells.length != COLUMNS) {
            throw new IllegalArgumentException(where + "expected " + COLUMNS + " tab-separated columns, found "
                    + cells.length);
        }
        String country = cells[0];
        if (!INTERNATIONAL_AUTHORITIES.contains(country) && !Countries.isValid(country)) {
            throw new IllegalArgumentException(where + "'" + country + "' is not ISO 3166-1 alpha-3 (nor NATO/EU)");
        }
        ClearanceLevel level = ClearanceLevel.fromExactName(cells[1])
                .orElseThrow(() -> new IllegalArgumentException(where + "unknown level '" + cells[1] + "'"));
        if (cells[4].isBlank()) {
            throw new IllegalArgumentException(where + "every marking needs a source");
        }
        NationalMarking.Confidence confidence = label(NationalMarking.Confidence.class, cells[5])
                .orElseThrow(() -> new IllegalArgumentException(where + "confidence must be high, medium or low"));
        NationalMarking.Status status = label(NationalMarking.Status.class, cells[6])
                .orElseThrow(() -> new IllegalArgumentException(where + "status must be current or legacy"));
        return new NationalMarking(country, level, cells[2], cells[3].isBlank() ? Optional.empty() : Optional.of(cells[3]),
                cells[4], confidence, status);
    }

    /** The enum constant whose lower-case name is exactly {@code label}. */
    private static <E extends Enum<E>> Optional<E> label(Class<E> type, String label) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.name().toLowerCase(Locale.ROOT).equals(label)).findFirst();
    }

    /** The comparison keys of a row: of each form, and for German-speaking nations also with AE/OE/UE. */
    private static Set<String> keys(NationalMarking marking, String where) {
        Set<String> keys = new LinkedHashSet<>();
        for (String form : marking.forms()) {
            try {
                keys.add(MarkingText.key(form));
                if (GERMAN_SPEAKING.contains(marking.country())) {
                    keys.add(MarkingText.germanKey(form));
                }
            } catch (MarkingText.RejectedMarkingException e) {
                throw new IllegalArgumentException(where + "'" + form + "': " + e.getMessage(), e);
            }
        }
        return keys;
    }

    /**
     * Resolves a user's clearance: the marking is looked up among the markings of the issuing country
     * ({@link ClearanceAttributes#issuingCountry()}), then among NATO and EU markings. An issuing
     * country that is not ISO 3166-1 alpha-3 leaves only the international markings.
     */
    public ClearanceResolution resolve(ClearanceAttributes attributes) {
        String given = attributes.issuingCountry();
        String country = Countries.isValid(given) ? given : null;
        String invalid = given != null && country == null ? given : null;
        String clearance = attributes.clearance();
        if (clearance == null || clearance.isBlank()) {
            return ClearanceResolution.failed(ClearanceResolution.Failure.MISSING, "no clearance", country, invalid);
        }
        String key;
        try {
            key = MarkingText.key(clearance);
        } catch (MarkingText.RejectedMarkingException e) {
            return ClearanceResolution.failed(ClearanceResolution.Failure.MALFORMED, e.getMessage(), country, invalid);
        }
        List<String> authorities = new ArrayList<>();
        if (country != null) {
            authorities.add(country);
        }
        authorities.addAll(List.of("NATO", "EU"));
        for (String authority : authorities) {
            NationalMarking marking = byCountryAndKey.getOrDefault(authority, Map.of()).get(key);
            if (marking != null) {
                return ClearanceResolution.resolved(marking, country, invalid);
            }
        }
        String scope = country != null ? country + ", NATO or EU"
                : given == null ? "NATO or EU (no clearance country)"
                : "NATO or EU (clearance country '" + given + "' is not ISO 3166-1 alpha-3)";
        return ClearanceResolution.failed(ClearanceResolution.Failure.UNKNOWN, "not a " + scope + " marking", country,
                invalid);
    }

    /** Resolves {@code clearance} as issued by {@code clearanceCountry} (no country of affiliation to fall back on). */
    public ClearanceResolution resolve(String clearanceCountry, String clearance) {
        return resolve(new ClearanceAttributes(clearance, clearanceCountry, null));
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
