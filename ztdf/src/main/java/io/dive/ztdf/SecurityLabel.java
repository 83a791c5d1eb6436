package io.dive.ztdf;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dive.model.Caveats;
import io.dive.model.ClearanceLevel;
import io.dive.model.CoiRegistry;
import io.dive.model.Countries;
import io.dive.model.SafeText;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityLabel(
        @JsonProperty("classification") String classification,
        @JsonProperty("releasableTo") List<String> releasableTo,
        @JsonProperty("coi") List<String> coi,
        @JsonProperty("caveats") List<String> caveats,
        @JsonProperty("originator") String originator,
        @JsonProperty("creationTime") String creationTime,
        @JsonProperty("releasableToIndustry") boolean releasableToIndustry,
        @JsonProperty("embargoUntil") String embargoUntil) {

    /** RFC 3339 §5.6 date-time (seconds required, offset Z or ±hh:mm): what OPA's time.parse_rfc3339_ns takes. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    @JsonCreator
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

    /** The display marking, e.g. {@code SECRET//FVEY//REL USA, GBR}. */
    @JsonIgnore
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
