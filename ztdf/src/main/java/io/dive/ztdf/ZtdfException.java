package io.dive.ztdf;

/**
 * A ZTDF file or operation was rejected. {@link #reason()} is stable and machine-readable; the
 * message says what was wrong without revealing key material.
 */
public final class ZtdfException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a ZTDF was rejected. */
    public enum Reason {
        /** Not a zip, or not the two entries a TDF3 container holds. */
        MALFORMED_CONTAINER,
        /** The manifest is not valid JSON or lacks a required field. */
        MALFORMED_MANIFEST,
        /** A rewrap request or response (OpenTDF KAS protocol) is not valid JSON or has a field of the wrong type. */
        MALFORMED_MESSAGE,
        /**
         * The policy holds attributes of a namespace other than DIVE's ({@code https://dive.coalition/attr/}),
         * which no DIVE KAS evaluates: the file is refused rather than decided on part of its policy.
         */
        FOREIGN_ATTRIBUTE,
        /** A version, algorithm or type this library does not support. */
        UNSUPPORTED,
        /** A payload segment does not match its hash, or segments are missing, extra or reordered. */
        SEGMENT_INTEGRITY,
        /** The root signature over the segment hashes does not verify. */
        ROOT_SIGNATURE,
        /** The policy binding does not match the policy under the data key. */
        POLICY_BINDING,
        /**
         * The security label (STANAG 4774) assertion does not verify (STANAG 4778 binding), or there
         * are two; or another assertion's binding does not verify.
         */
        LABEL_BINDING,
        /** The key access objects cannot yield the data key. */
        KEY_ACCESS,
        /** Reading or writing the underlying stream failed. */
        IO
    }

    private final Reason reason;

    public ZtdfException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ZtdfException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The first line of the innermost cause's message (a parser's, typically), for a one-line explanation. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
