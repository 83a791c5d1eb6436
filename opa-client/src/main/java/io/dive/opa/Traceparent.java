package io.dive.opa;

import java.util.regex.Pattern;

/**
 * The W3C Trace Context {@code traceparent} header as the OPA client passes it on: only a
 * well-formed value (version, 32-hex trace id, 16-hex parent id, flags; lower case, not all zeros)
 * goes on the wire, so a caller's value can never add header lines or bytes OPA's propagator rejects.
 */
final class Traceparent {

    static final String HEADER = "traceparent";

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private Traceparent() {
    }

    /** {@code value} when it is a valid {@code traceparent} (version ff excluded), else null. */
    static String validOrNull(String value) {
        return value != null && FORMAT.matcher(value).matches() && !value.startsWith("ff") ? value : null;
    }
}
