package io.dive.ztdf;

import java.util.List;
import java.util.Objects;

/**
 * The answer to an OpenTDF rewrap: {@code {sessionPublicKey (EC clients only), responses:
 * [{policyId, results: [{keyAccessObjectId, status: permit|fail, kasWrappedKey | error,
 * metadata}]}]}}. A v1 request is answered in the v1 form ({@link Legacy}).
 *
 * @param sessionPublicKey the KAS's PEM session key for an EC client key; null for RSA clients
 * @param responses one entry per policy of the request, in its order
 */
public record RewrapResponse(String sessionPublicKey, List<PolicyResult> responses) {

    public RewrapResponse {
        responses = List.copyOf(Objects.requireNonNull(responses, "responses"));
    }

    /** The results for the key access objects of one policy. */
    public record PolicyResult(String policyId, List<KeyAccessResult> results) {
        public PolicyResult {
            results = List.copyOf(Objects.requireNonNull(results, "results"));
        }
    }

    /** {@code permit} or {@code fail}. */
    public enum Status {
        PERMIT("permit"),
        FAIL("fail");

        private final String jsonName;

        Status(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * The result for one key access object: a permit carries the key wrapped to the client key, a
     * failure an error message and, in its metadata, the failure kind and the policy's reason codes.
     */
    public record KeyAccessResult(String keyAccessObjectId, Status status, String kasWrappedKey, String error,
            Metadata metadata) {
        public KeyAccessResult {
            Objects.requireNonNull(status, "status");
            metadata = metadata == null ? Metadata.NONE : metadata;
        }

        public static KeyAccessResult permit(String keyAccessObjectId, String kasWrappedKey) {
            return new KeyAccessResult(keyAccessObjectId, Status.PERMIT, kasWrappedKey, null, Metadata.NONE);
        }

        public static KeyAccessResult fail(String keyAccessObjectId, String error, Metadata metadata) {
            return new KeyAccessResult(keyAccessObjectId, Status.FAIL, null, error, metadata);
        }

        public boolean permitted() {
            return status == Status.PERMIT;
        }
    }

    /**
     * What a result says beyond its status (DIVE's use of OpenTDF's free-form metadata).
     *
     * @param failure why no key came back (e.g. {@code ACCESS_DENIED}); null for a permit
     * @param reasons the policy decision's reason codes; null when there was no decision to report
     */
    public record Metadata(String failure, List<Reason> reasons) {
        public static final Metadata NONE = new Metadata(null, null);

        public Metadata {
            reasons = reasons == null ? null : List.copyOf(reasons);
        }
    }

    /** A reason code of the policy decision and its message. */
    public record Reason(String code, String message) {
    }

    /**
     * The v1 answer: the only result as {@code {entityWrappedKey, sessionPublicKey, metadata}} or
     * {@code {error, metadata}}.
     */
    public record Legacy(String entityWrappedKey, String sessionPublicKey, String error, Metadata metadata) {
        public Legacy {
            metadata = metadata == null ? Metadata.NONE : metadata;
        }
    }

    /** The v1 form of this answer to a v1 request (one policy, one key access object). */
    public Legacy legacy() {
        KeyAccessResult only = responses.get(0).results().get(0);
        return only.permitted() ? new Legacy(only.kasWrappedKey(), sessionPublicKey, null, only.metadata())
                : new Legacy(null, null, only.error() == null ? "bad request" : only.error(), only.metadata());
    }

    /** The first result of the first policy: the answer to a request for one key access object. */
    public KeyAccessResult first() {
        if (responses.isEmpty() || responses.get(0).results().isEmpty()) {
            throw new IllegalStateException("the rewrap response holds no result");
        }
        return responses.get(0).results().get(0);
    }
}
