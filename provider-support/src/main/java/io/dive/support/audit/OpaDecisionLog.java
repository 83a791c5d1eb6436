package io.dive.support.audit;

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
        JsonNode events;
        try {
            events = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new Malformed("not a JSON array of decision log events");
        }
        if (events == null || !events.isArray()) {
            throw new Malformed("not a JSON array of decision log events");
        }
        List<Decision> decisions = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            if (text(event.path("decision_id")) == null || text(event.path("decision_id")).isBlank()) {
                throw new Malformed("an event has no decision_id");
            }
            decisions.add(decision(event));
        }
        return decisions;
    }

    /**
     * One event as a record. Read field by field and leniently: an input of the wrong shape (a
     * caller's malformed request, which OPA denies) is still a decision to record, and refusing it
     * would refuse the whole batch, which OPA then retries forever, blocking every later decision.
     */
    private static Decision decision(JsonNode event) {
        JsonNode input = event.path("input");
        JsonNode subject = input.path("subject");
        JsonNode resource = input.path("resource");
        JsonNode context = input.path("context");
        JsonNode result = event.path("result");
        boolean allow = result.isBoolean() ? result.asBoolean() : result.path("allow").asBoolean(false);
        List<String> reasons = new ArrayList<>();
        result.path("reasons").forEach(reason -> {
            String code = text(reason.path("code"));
            if (code != null) {
                reasons.add(code);
            }
        });
        List<String> erased = new ArrayList<>();
        event.path("erased").forEach(pointer -> {
            String text = text(pointer);
            if (text != null) {
                erased.add(text);
            }
        });
        String revision = null;
        for (JsonNode bundle : event.path("bundles")) {
            revision = revision != null ? revision : text(bundle.path("revision"));
        }
        return new Decision(text(event.path("decision_id")), timestamp(text(event.path("timestamp"))),
                text(event.path("path")), text(context.path("requestId")), text(context.path("sessionId")),
                text(subject.path("uniqueID")), text(subject.path("countryOfAffiliation")), text(subject.path("clearance")),
                text(input.path("action")), text(resource.path("resourceId")), text(resource.path("classification")),
                allow ? KeyRelease.PERMIT : KeyRelease.DENY, List.copyOf(reasons), List.copyOf(erased), revision);
    }

    /** A string field's value; null when absent or not a string (never another type's text: it could be anything). */
    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
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
