package io.dive.support.audit;

import io.dive.audit.AuditCollection;
import io.dive.audit.AuditQuery;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** The auditor API's query parameters, checked: a bad one is an {@link BadParameter} naming it. */
final class AuditorQueries {

    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> KNOWN = Set.of("subject", "resource", "outcome", "correlationId", "requestId", "from",
            "to", "limit", "cursor");

    /** A parameter the API cannot use (answered 400 with its name). */
    static final class BadParameter extends Exception {
        final String parameter;

        BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }
    }

    static AuditCollection collection(String name) throws BadParameter {
        return AuditCollection.named(name).orElseThrow(() -> new BadParameter("collection",
                "collection must be key_releases, decisions or authentications"));
    }

    static AuditQuery query(AuditCollection collection, MultivaluedMap<String, String> parameters) throws BadParameter {
        for (String name : parameters.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new BadParameter(name, "unknown parameter '" + name + "'");
            }
        }
        Instant from = time(parameters, "from");
        Instant to = time(parameters, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadParameter("to", "to must be after from");
        }
        int limit = DEFAULT_LIMIT;
        String limitText = single(parameters, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
                throw new BadParameter("limit", "limit must be a whole number 1-" + AuditQuery.MAX_LIMIT);
            }
        }
        return new AuditQuery(collection, single(parameters, "subject"), single(parameters, "resource"),
                single(parameters, "outcome"), single(parameters, "correlationId"), single(parameters, "requestId"), from, to,
                limit, single(parameters, "cursor"));
    }

    /** {@code from} and {@code to} of a counts request. */
    static Instant[] range(MultivaluedMap<String, String> parameters) throws BadParameter {
        for (String name : parameters.keySet()) {
            if (!name.equals("from") && !name.equals("to")) {
                throw new BadParameter(name, "unknown parameter '" + name + "' (counts take from and to)");
            }
        }
        return new Instant[] {time(parameters, "from"), time(parameters, "to")};
    }

    private static Instant time(MultivaluedMap<String, String> parameters, String name) throws BadParameter {
        String text = single(parameters, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, name + " must be an RFC 3339 UTC time such as 2026-12-01T00:00:00Z");
        }
    }

    private static String single(MultivaluedMap<String, String> parameters, String name) throws BadParameter {
        var values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadParameter(name, name + " may be given once");
        }
        String value = values.get(0);
        if (value.isBlank() || value.length() > 512) {
            throw new BadParameter(name, name + " must be 1-512 characters");
        }
        return value;
    }

    private AuditorQueries() {
    }
}
