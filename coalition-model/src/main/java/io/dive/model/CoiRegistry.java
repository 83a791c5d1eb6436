package io.dive.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Communities of interest and country groups ({@code coi-registry.json}). A {@code group} may appear
 * in {@code releasableTo} and expands to its member countries; a {@code coi} is a membership a user
 * holds in {@code acpCOI}. Some pairs of COIs are mutually exclusive on one resource.
 */
public final class CoiRegistry {

    public static final String RESOURCE = "/io/dive/model/coi-registry.json";

    /** One registry entry. */
    public record Entry(String name, boolean group, boolean coi, Set<String> members) {
    }

    private final Map<String, Entry> entries;
    private final List<Set<String>> mutuallyExclusive;

    private CoiRegistry(Map<String, Entry> entries, List<Set<String>> mutuallyExclusive) {
        this.entries = entries;
        this.mutuallyExclusive = mutuallyExclusive;
    }

    /** The registry shipped with DIVE, loaded once (on first use). */
    public static CoiRegistry standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final CoiRegistry INSTANCE = ReferenceResource.read(RESOURCE, in -> parse(JsonTree.read(in)));
    }

    static CoiRegistry parse(JsonNode root) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("entries").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Set<String> kinds = new LinkedHashSet<>();
            field.getValue().path("kind").forEach(kind -> kinds.add(kind.asText()));
            if (kinds.isEmpty() || !Set.of("group", "coi").containsAll(kinds)) {
                throw new IllegalArgumentException("COI registry entry " + field.getKey() + ": kind must be group and/or coi");
            }
            Set<String> members = new TreeSet<>();
            for (JsonNode member : field.getValue().path("members")) {
                if (!Countries.isValid(member.asText())) {
                    throw new IllegalArgumentException("COI registry entry " + field.getKey() + ": member '"
                            + member.asText() + "' is not ISO 3166-1 alpha-3");
                }
                members.add(member.asText());
            }
            entries.put(field.getKey(), new Entry(field.getKey(), kinds.contains("group"), kinds.contains("coi"),
                    Collections.unmodifiableSet(members)));
        }
        List<Set<String>> exclusive = new ArrayList<>();
        for (JsonNode pair : root.path("mutuallyExclusive")) {
            Set<String> names = new TreeSet<>();
            pair.forEach(name -> names.add(name.asText()));
            if (names.size() < 2 || !entries.keySet().containsAll(names)) {
                throw new IllegalArgumentException("mutually exclusive set " + pair + " must name two or more registry entries");
            }
            exclusive.add(Collections.unmodifiableSet(names));
        }
        return new CoiRegistry(Collections.unmodifiableMap(entries), List.copyOf(exclusive));
    }

    public Optional<Entry> entry(String name) {
        return Optional.ofNullable(name == null ? null : entries.get(name));
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** True for a name a user may hold in {@code acpCOI}. */
    public boolean isCoi(String name) {
        return entry(name).map(Entry::coi).orElse(false);
    }

    public List<Set<String>> mutuallyExclusive() {
        return mutuallyExclusive;
    }

    /** The mutually exclusive sets that {@code cois} contains completely. */
    public List<Set<String>> conflicts(Collection<String> cois) {
        return mutuallyExclusive.stream().filter(cois::containsAll).toList();
    }

    /**
     * Expands a {@code releasableTo} list: countries stay, groups become their members.
     *
     * @throws IllegalArgumentException naming the first entry that is neither a country nor a group
     */
    public Set<String> expandReleasability(Collection<String> releasableTo) {
        Set<String> countries = new TreeSet<>();
        for (String item : releasableTo) {
            if (Countries.isValid(item)) {
                countries.add(item);
            } else if (entry(item).map(Entry::group).orElse(false)) {
                countries.addAll(entries.get(item).members());
            } else {
                throw new IllegalArgumentException("'" + item + "' is neither an ISO 3166-1 alpha-3 country nor a group");
            }
        }
        return countries;
    }
}
