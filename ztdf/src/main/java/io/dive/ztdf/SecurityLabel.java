package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.Caveats;
import io.dive.model.ClearanceLevel;
import io.dive.model.CoiRegistry;
import io.dive.model.Countries;
import io.dive.model.JsonTree;
import io.dive.model.SafeText;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A STANAG 4774 confidentiality label, carried in the ZTDF as an assertion and bound to the payload
 * (STANAG 4778). Every field is checked when a label is made, so on write and on read alike:
 * the classification a normalized level, {@code releasableTo} ISO 3166-1 alpha-3 countries or
 * registered groups, {@code coi} registered COIs, {@code caveats} known caveats, the originator a
 * country, the creation time and the embargo end RFC 3339 timestamps (what OPA parses). The
 * originator and the creation time may be absent: OpenTDF has neither, so files of other producers
 * often state neither (DIVE's own tool always writes both; a {@code NOFORN} file without an
 * originator opens for nobody). A label that names anything else (or
 * carries control characters, such as terminal escapes that would repaint a marking) is refused,
 * its value quoted escaped.
 *
 * @param originator the originating country; null when the file does not state it
 * @param releasableToIndustry whether INDUSTRY subjects may see the resource (absent in older files: false)
 * @param embargoUntil the resource is unavailable before this instant; null when not embargoed
 */
public record SecurityLabel(String classification, List<String> releasableTo, List<String> coi, List<String> caveats,
        String originator, String creationTime, boolean releasableToIndustry, String embargoUntil) {

    /** RFC 3339 §5.6 date-time (seconds required, offset Z or ±hh:mm): what OPA's time.parse_rfc3339_ns takes. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    /** The JSON members, in the order they are written. */
    private static final List<String> MEMBERS = List.of("classification", "releasableTo", "coi", "caveats", "originator",
            "creationTime", "releasableToIndustry", "embargoUntil");

    public SecurityLabel {
        Objects.requireNonNull(classification, "classification");
        if (ClearanceLevel.fromExactName(classification).isEmpty()) {
            throw new IllegalArgumentException("classification must be a normalized level, was '" + SafeText.of(classification) + "'");
        }
        releasableTo = List.copyOf(Objects.requireNonNull(releasableTo, "releasableTo"));
        coi = List.copyOf(coi == null ? List.of() : coi);
        caveats = List.copyOf(caveats == null ? List.of() : caveats);
        CoiRegistry registry = CoiRegistry.standard();
        requireEach("releasableTo", releasableTo, value -> Countries.isValid(value)
                || registry.entry(value).map(CoiRegistry.Entry::group).orElse(false), "an ISO 3166-1 alpha-3 country or a group");
        requireEach("coi", coi, registry::isCoi, "a registered COI");
        requireEach("caveats", caveats, Caveats::isKnown, "a known caveat " + new java.util.TreeSet<>(Caveats.known()));
        requireEach("originator", originator == null ? List.of() : List.of(originator), Countries::isValid,
                "an ISO 3166-1 alpha-3 country");
        requireTimestamp("creationTime", creationTime);
        requireTimestamp("embargoUntil", embargoUntil);
    }

    /** A label without industry release or embargo. */
    public SecurityLabel(String classification, List<String> releasableTo, List<String> coi, List<String> caveats,
            String originator, String creationTime) {
        this(classification, releasableTo, coi, caveats, originator, creationTime, false, null);
    }

    /** Each value valid and named once (a repeated value would let label and policy disagree unnoticed). */
    private static void requireEach(String field, List<String> values, Predicate<String> valid, String what) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String value : values) {
            if (value == null || !valid.test(value)) {
                throw new IllegalArgumentException(field + " '" + SafeText.of(value) + "' is not " + what);
            }
            if (!seen.add(value)) {
                throw new IllegalArgumentException(field + " names '" + SafeText.of(value) + "' twice");
            }
        }
    }

    /** Absent, or an RFC 3339 timestamp of a real date and time. */
    private static void requireTimestamp(String field, String value) {
        if (value == null) {
            return;
        }
        boolean valid = RFC_3339.matcher(value).matches();
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            valid = false;
        }
        if (!valid) {
            throw new IllegalArgumentException(field + " '" + SafeText.of(value)
                    + "' is not an RFC 3339 timestamp such as 2027-01-31T00:00:00Z");
        }
    }

    /**
     * The label assertion's JSON: the members in declaration order, absent ones (null) left out, as
     * DIVE has always written it (formerly by Jackson databind, whose bean set-up cost a fresh JVM
     * tens of milliseconds).
     */
    public String toJson() {
        ObjectNode json = JsonTree.object().put("classification", classification);
        releasableTo.forEach(json.putArray("releasableTo")::add);
        coi.forEach(json.putArray("coi")::add);
        caveats.forEach(json.putArray("caveats")::add);
        if (originator != null) {
            json.put("originator", originator);
        }
        if (creationTime != null) {
            json.put("creationTime", creationTime);
        }
        json.put("releasableToIndustry", releasableToIndustry);
        if (embargoUntil != null) {
            json.put("embargoUntil", embargoUntil);
        }
        return JsonTree.write(json);
    }

    /**
     * Reads {@link #toJson()}'s form: an object of these members only, each of its type
     * ({@code coi}, {@code caveats}, {@code originator}, {@code creationTime},
     * {@code releasableToIndustry} and {@code embargoUntil} may be absent or null), every value checked
     * as by the constructor.
     *
     * @throws IOException when the text is not JSON
     * @throws IllegalArgumentException naming the member that is unknown, missing or of another type, or invalid
     */
    public static SecurityLabel fromJson(String json) throws IOException {
        JsonNode node = JsonTree.read(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("the label is not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException("the label has an unknown member '" + SafeText.of(name) + "'");
            }
        }
        String classification = text(node, "classification");
        List<String> releasableTo = texts(node, "releasableTo");
        if (classification == null || releasableTo == null) {
            throw new IllegalArgumentException("the label needs a classification and releasableTo");
        }
        JsonNode industry = node.get("releasableToIndustry");
        if (industry != null && !industry.isNull() && !industry.isBoolean()) {
            throw new IllegalArgumentException("the label's releasableToIndustry is not true or false");
        }
        return new SecurityLabel(classification, releasableTo, texts(node, "coi"), texts(node, "caveats"),
                text(node, "originator"), text(node, "creationTime"), industry != null && industry.booleanValue(),
                text(node, "embargoUntil"));
    }

    /** A string member, or null when absent or null. */
    private static String text(JsonNode label, String member) {
        JsonNode value = label.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("the label's " + member + " is not a string");
        }
        return value.textValue();
    }

    /** An array of strings, or null when absent or null. */
    private static List<String> texts(JsonNode label, String member) {
        JsonNode value = label.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("the label's " + member + " is not an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException("the label's " + member + " holds something other than strings");
            }
            values.add(element.textValue());
        }
        return values;
    }

    /** The display marking, e.g. {@code SECRET//FVEY//REL USA, GBR}. */
    public String displayMarking() {
        List<String> parts = new ArrayList<>();
        parts.add(classification.replace('_', ' '));
        if (!coi.isEmpty()) {
            parts.add(String.join("/", coi));
        }
        parts.addAll(caveats);
        if (!releasableTo.isEmpty()) {
            parts.add("REL " + String.join(", ", releasableTo));
        }
        return String.join("//", parts);
    }
}
