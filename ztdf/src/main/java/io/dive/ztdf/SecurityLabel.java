package io.dive.ztdf;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dive.model.ClearanceLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A STANAG 4774 confidentiality label, carried in the ZTDF as an assertion and bound to the payload
 * (STANAG 4778). Levels are the normalized names of SPEC §3; countries ISO 3166-1 alpha-3 or groups.
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
            throw new IllegalArgumentException("classification must be a normalized level, was '" + classification + "'");
        }
        releasableTo = List.copyOf(Objects.requireNonNull(releasableTo, "releasableTo"));
        coi = List.copyOf(coi == null ? List.of() : coi);
        caveats = List.copyOf(caveats == null ? List.of() : caveats);
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(creationTime, "creationTime");
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
