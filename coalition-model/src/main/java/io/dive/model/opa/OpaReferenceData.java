package io.dive.model.opa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dive.model.ClearanceLevel;
import io.dive.model.ClearanceReference;
import io.dive.model.CoiRegistry;
import io.dive.model.Countries;
import io.dive.model.NationalMarking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports the reference model for the OPA bundle as {@code data.dive.reference}. Generated at build
 * time from the same files the Java model loads, so Rego and Java can never disagree by copy error.
 *
 * <p>Marking keys are already folded with {@link io.dive.model.MarkingText#key}: Rego compares
 * normalized strings, it does not normalize. {@code markings} maps country → key → level and status;
 * {@code national_markings} is the data file's rows as they are.
 */
public final class OpaReferenceData {

    private OpaReferenceData() {
    }

    public static Map<String, Object> build(ClearanceReference clearances, CoiRegistry registry) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> levels = new ArrayList<>();
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (ClearanceLevel level : ClearanceLevel.values()) {
            levels.add(level.name());
            rank.put(level.name(), level.ordinal());
        }
        data.put("levels", levels);
        data.put("level_rank", rank);

        // Looked up by folded key; the status says whether a marking is still issued.
        Map<String, Map<String, Map<String, String>>> markings = new TreeMap<>();
        clearances.byCountryAndKey().forEach((country, byKey) -> {
            Map<String, Map<String, String>> keyed = new TreeMap<>();
            byKey.forEach((key, marking) -> keyed.put(key,
                    Map.of("level", marking.level().name(), "status", marking.status().label())));
            markings.put(country, keyed);
        });
        data.put("markings", markings);
        // The table itself, row for row, for operators and for tests that compare it with the data file.
        data.put("national_markings", clearances.markings().stream().map(OpaReferenceData::row).toList());
        data.put("international_authorities", new ArrayList<>(new java.util.TreeSet<>(ClearanceReference.INTERNATIONAL_AUTHORITIES)));

        Map<String, Object> groups = new TreeMap<>();
        Map<String, Object> cois = new TreeMap<>();
        for (CoiRegistry.Entry entry : registry.entries().values()) {
            if (entry.group()) {
                groups.put(entry.name(), List.copyOf(entry.members()));
            }
            if (entry.coi()) {
                cois.put(entry.name(), List.copyOf(entry.members()));
            }
        }
        data.put("groups", groups);
        // Index forms (value true) so that Rego tests membership with one lookup instead of
        // building a set of 249 countries on every query.
        Map<String, Object> groupIndex = new TreeMap<>();
        groups.forEach((name, members) -> groupIndex.put(name, index((List<?>) members)));
        data.put("group_index", groupIndex);
        data.put("cois", cois);
        data.put("mutually_exclusive_cois", registry.mutuallyExclusive().stream().map(List::copyOf).toList());
        data.put("countries", List.copyOf(Countries.all()));
        data.put("country_index", index(List.copyOf(Countries.all())));
        return data;
    }

    /** A data-file row under its column names (an absent ASCII alias is an empty string, as in the file). */
    private static Map<String, String> row(NationalMarking marking) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("country", marking.country());
        row.put("level", marking.level().name());
        row.put("marking", marking.marking());
        row.put("ascii_alias", marking.asciiAlias().orElse(""));
        row.put("source", marking.source());
        row.put("confidence", marking.confidence().label());
        row.put("status", marking.status().label());
        return row;
    }

    private static Map<String, Boolean> index(List<?> keys) {
        Map<String, Boolean> index = new TreeMap<>();
        keys.forEach(key -> index.put(key.toString(), Boolean.TRUE));
        return index;
    }

    /** Writes {@code data.json} atomically: a reader never sees a half-written file. */
    public static void write(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "data", ".json.tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(temporary.toFile(), build(ClearanceReference.standard(), CoiRegistry.standard()));
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code java io.dive.model.opa.OpaReferenceData <output data.json>} */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: OpaReferenceData <output data.json>");
            System.exit(2);
        }
        write(Path.of(args[0]));
        List<NationalMarking> markings = ClearanceReference.standard().markings();
        System.out.println("wrote " + args[0] + " (" + markings.size() + " national markings, "
                + CoiRegistry.standard().entries().size() + " COI registry entries)");
    }
}
