package io.dive.support.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.audit.Decision;
import io.dive.audit.KeyRelease;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A batch of OPA's decision log (the {@code decision_logs} plugin: a gzip'd JSON array of events,
 * input already masked by {@code system.log.mask}) as {@code decisions} records. Only typed fields
 * are read; the rest of the event (the result's messages, metrics, labels) is not stored.
 */
final class OpaDecisionLog {

    /** Largest batch accepted once decompressed (OPA's default upload size is 32 KiB compressed). */
    static final int MAX_BYTES = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Event(@JsonProperty("decision_id") String decisionId, String path, Input input, JsonNode result,
            String timestamp, List<String> erased, Map<String, Bundle> bundles) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Input(Subject subject, String action, Resource resource, Context context) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Subject(String uniqueID, String clearance, String countryOfAffiliation) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Resource(String resourceId, String classification) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Context(String requestId, String sessionId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bundle(String revision) {
    }

    /** Too large or not OPA's format: the request is refused (OPA keeps the batch and retries). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * @param gzip the request said {@code Content-Encoding: gzip}; a body the server already
     *     decompressed (no gzip magic bytes) is read as it is
     */
    static List<Decision> read(InputStream body, boolean gzip) throws Malformed {
        byte[] bytes;
        try (BufferedInputStream buffered = new BufferedInputStream(body)) {
            buffered.mark(2);
            boolean magic = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            if (gzip && !magic && buffered.available() > 0 && !startsJson(buffered)) {
                throw new Malformed("the body is not gzip");
            }
            try (InputStream in = magic ? new GZIPInputStream(buffered) : buffered) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (IOException e) {
            throw new Malformed("the body is not gzip: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new Malformed("the batch is larger than " + MAX_BYTES + " bytes");
        }
        Event[] events;
        try {
            events = JSON.readValue(bytes, Event[].class);
        } catch (IOException e) {
            throw new Malformed("not a JSON array of decision log events");
        }
        List<Decision> decisions = new ArrayList<>(events.length);
        for (Event event : events) {
            if (event == null || event.decisionId() == null || event.decisionId().isBlank()) {
                throw new Malformed("an event has no decision_id");
            }
            decisions.add(decision(event));
        }
        return decisions;
    }

    private static Decision decision(Event event) {
        Input input = event.input() == null ? new Input(null, null, null, null) : event.input();
        Subject subject = input.subject() == null ? new Subject(null, null, null) : input.subject();
        Resource resource = input.resource() == null ? new Resource(null, null) : input.resource();
        Context context = input.context() == null ? new Context(null, null) : input.context();
        JsonNode result = event.result();
        boolean allow = result != null && (result.isBoolean() ? result.asBoolean() : result.path("allow").asBoolean(false));
        List<String> reasons = new ArrayList<>();
        if (result != null) {
            result.path("reasons").forEach(reason -> reasons.add(reason.path("code").asText()));
        }
        String revision = event.bundles() == null ? null
                : event.bundles().values().stream().map(Bundle::revision).filter(r -> r != null).findFirst().orElse(null);
        return new Decision(event.decisionId(), timestamp(event.timestamp()), event.path(), context.requestId(),
                context.sessionId(), subject.uniqueID(), subject.countryOfAffiliation(), subject.clearance(), input.action(),
                resource.resourceId(), resource.classification(), allow ? KeyRelease.PERMIT : KeyRelease.DENY,
                List.copyOf(reasons), event.erased() == null ? List.of() : List.copyOf(event.erased()), revision);
    }

    private static boolean startsJson(BufferedInputStream in) throws IOException {
        in.mark(1);
        int first = in.read();
        in.reset();
        return first == '[' || Character.isWhitespace(first);
    }

    private static Instant timestamp(String text) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private OpaDecisionLog() {
    }
}
