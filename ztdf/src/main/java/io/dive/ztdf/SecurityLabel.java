package io.dive.ztdf;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dive.model.Caveats;
import io.dive.model.ClearanceLevel;
import io.dive.model.CoiRegistry;
import io.dive.model.Countries;
import io.dive.model.SafeText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A STANAG 4774 confidentiality label, carried in the ZTDF as an assertion and bound to the payload
 * (STANAG 4778). Every field is checked when a label is made, so on write and on read alike:
 * the classification a normalized level, {@code releasableTo} ISO 3166-1 alpha-3 countries or
 * registered groups, {@code coi} registered COIs, {@code caveats} known caveats, the originator a
 * country, the creation time an ISO-8601 instant. A label that names anything else (or carries
 * control characters, such as terminal escapes that would repaint a marking) is refused, its value
 * quoted escaped.
 */
public record SecurityLabel(
        @JsonProperty("classification") String classification,
        @JsonProperty("releasableTo") List<String> releasableTo,
        @JsonProperty("coi") List<String> coi,
        @JsonProperty("caveats") List<String> caveats,
        @JsonProperty("originator") String originator,
        @JsonProperty("creationTime") String creationTime) {

    public SecurityLabel {
        Objects.requireNonNull(classification, "classification");
        if (ClearanceLevel.fromExactName(classification).isEmpty()) {
            throw new IllegalArgumentException("classification must be a normalized level, was '" + SafeText.of(classification) + "'");
        }
        releasableTo = List.copyOf(Objects.requireNonNull(releasableTo, "releasableTo"));
        coi = List.copyOf(coi == null ? List.of() : coi);
        caveats = List.copyOf(caveats == null ? List.of() : caveats);
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(creationTime, "creationTime");
        CoiRegistry registry = CoiRegistry.standard();
        requireEach("releasableTo", releasableTo, value -> Countries.isValid(value)
                || registry.entry(value).map(CoiRegistry.Entry::group).orElse(false), "an ISO 3166-1 alpha-3 country or a group");
        requireEach("coi", coi, registry::isCoi, "a registered COI");
        requireEach("caveats", caveats, Caveats::isKnown, "a known caveat " + new java.util.TreeSet<>(Caveats.known()));
        requireEach("originator", List.of(originator), Countries::isValid, "an ISO 3166-1 alpha-3 country");
        try {
            Instant.parse(creationTime);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("creationTime '" + SafeText.of(creationTime) + "' is not an ISO-8601 instant");
        }
    }

    private static void requireEach(String field, List<String> values, Predicate<String> valid, String what) {
        for (String value : values) {
            if (value == null || !valid.test(value)) {
                throw new IllegalArgumentException(field + " '" + SafeText.of(value) + "' is not " + what);
            }
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
