package io.dive.ztdf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of an OpenTDF rewrap (the {@code requestBody} claim of the signed request token). v2:
 * {@code {clientPublicKey, requests: [{policy: {id, body}, algorithm, keyAccessObjects:
 * [{keyAccessObjectId, keyAccessObject}]}]}}; a v1 body ({@code {clientPublicKey, policy, algorithm,
 * keyAccess}}) is read as one request with one key access object and marked {@link #legacy()}.
 *
 * @param clientPublicKey the PEM key the released keys are wrapped to
 * @param requests one entry per policy
 * @param legacy true for a v1 body (the KAS answers it in the v1 form)
 */
public record RewrapRequest(String clientPublicKey, List<PolicyRequest> requests, boolean legacy) {

    /** The ids a v1 body's only policy and key access object get. */
    static final String LEGACY_POLICY_ID = "policy";
    static final String LEGACY_KAO_ID = "kao-0";

    public RewrapRequest {
        requests = List.copyOf(Objects.requireNonNull(requests, "requests"));
        if (legacy && requests.size() != 1) {
            throw new IllegalArgumentException("a v1 rewrap request holds exactly one policy");
        }
    }

    /** A policy as the KAS receives it: an id of the client's choosing and the base64 policy object. */
    public record Policy(String id, String body) {
        public Policy {
            id = id == null ? "" : id;
            body = body == null ? "" : body;
        }
    }

    /** One key access object of a request, with the id its result is reported under. */
    public record KeyAccessItem(String keyAccessObjectId, KeyAccessObject keyAccessObject) {
        public KeyAccessItem {
            keyAccessObjectId = keyAccessObjectId == null ? "" : keyAccessObjectId;
            Objects.requireNonNull(keyAccessObject, "keyAccessObject");
        }
    }

    /**
     * The key access objects bound to one policy.
     *
     * @param algorithm the {@code algorithm} hint of the request; null when absent or empty
     */
    public record PolicyRequest(Policy policy, KeyAlgorithm algorithm, List<KeyAccessItem> keyAccessObjects) {
        public PolicyRequest {
            Objects.requireNonNull(policy, "policy");
            keyAccessObjects = List.copyOf(Objects.requireNonNull(keyAccessObjects, "keyAccessObjects"));
        }
    }

    /**
     * A v2 request for the key access objects of one policy, numbered {@code kao-0}, {@code kao-1}…
     * under policy id {@code policy-0}.
     */
    public static RewrapRequest of(String clientPublicKey, KeyAlgorithm algorithm, String policyBase64,
            List<KeyAccessObject> keyAccessObjects) {
        List<KeyAccessItem> items = new ArrayList<>();
        for (KeyAccessObject kao : keyAccessObjects) {
            items.add(new KeyAccessItem("kao-" + items.size(), kao));
        }
        return new RewrapRequest(clientPublicKey, List.of(new PolicyRequest(new Policy("policy-0", policyBase64), algorithm,
                items)), false);
    }

    /** A v1 (legacy) request: one policy, one key access object. */
    public static RewrapRequest legacy(String clientPublicKey, KeyAlgorithm algorithm, String policyBase64,
            KeyAccessObject keyAccessObject) {
        return new RewrapRequest(clientPublicKey, List.of(new PolicyRequest(new Policy(LEGACY_POLICY_ID, policyBase64),
                algorithm, List.of(new KeyAccessItem(LEGACY_KAO_ID, keyAccessObject)))), true);
    }

    /** All key access objects of all policies. */
    public int keyAccessObjectCount() {
        return requests.stream().mapToInt(request -> request.keyAccessObjects().size()).sum();
    }
}
