package io.dive.kas.rewrap;

import io.dive.kas.admission.InFlightLimit;
import io.dive.kas.admission.Refusal;
import io.dive.kas.keys.KasKey;
import io.dive.opa.Decision;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The rewrap in named steps: admission (a place among this node's rewraps in flight, then the
 * realm's rate limits: refused with a retry time before any work, {@link Refusal}) →
 * {@link SignedRequestVerifier} → per key access object
 * {@link KeyUnwrapper#locate} (this KAS, a kid of the realm's key set) → {@link KeyReleaseDecider}
 * (OPA {@code dive.kas}, once per policy, before any private-key operation) →
 * {@link KeyUnwrapper#unwrap} (by the key set, policy binding in constant time) → {@link Rewrapper}
 * (to the client key) → {@link RewrapReport} (result, log, audit). Anything short of a permit gives
 * no key.
 */
public final class RewrapPipeline {

    /**
     * The answer (v2, or v1 for a v1 request), its HTTP status and where the time went.
     *
     * @param legacy the v1 form; null for a v2 request
     */
    public record Outcome(int status, RewrapResponse response, RewrapResponse.Legacy legacy, Stages stages) {
        /** The response body. */
        public String json() {
            return legacy == null ? OpenTdfJson.writeRewrapResponse(response) : OpenTdfJson.writeLegacyRewrapResponse(legacy);
        }
    }

    /** Nanoseconds spent per step within one request (a {@code Server-Timing} value: durations only, nothing about keys). */
    public static final class Stages {
        long srt;
        long unwrap;
        long opa;
        long rewrap;

        /** The time of the named steps together. */
        public long nanos() {
            return srt + unwrap + opa + rewrap;
        }

        public String header() {
            return String.format(Locale.ROOT, "srt;dur=%.2f, unwrap;dur=%.2f, opa;dur=%.2f, rewrap;dur=%.2f",
                    srt / 1e6, unwrap / 1e6, opa / 1e6, rewrap / 1e6);
        }
    }

    /** What every key access object of one request shares. */
    private record Request(Caller caller, Rewrapper rewrapper, RewrapReport report, Stages stages, RewrapSpans spans) {
    }

    private final InFlightLimit inFlight;
    private final SignedRequestVerifier verifier;
    private final KeyUnwrapper unwrapper;
    private final KeyReleaseDecider decider;

    RewrapPipeline(InFlightLimit inFlight, SignedRequestVerifier verifier, KeyUnwrapper unwrapper, KeyReleaseDecider decider) {
        this.inFlight = inFlight;
        this.verifier = verifier;
        this.unwrapper = unwrapper;
        this.decider = decider;
    }

    /**
     * The pipeline of a KAS.
     *
     * @param inFlight the bound on rewraps in flight on this node
     * @param decisions the reuse of key-release decisions ({@link DecisionCache#OFF} by default)
     * @param clockSkew tolerance on signed request token times
     * @param cache the unwrapped data keys (process memory only)
     */
    public static RewrapPipeline of(KeyReleasePolicy policy, DecisionCache decisions, InFlightLimit inFlight,
            UnwrappedKeyCache cache, Duration clockSkew, Clock clock) {
        return new RewrapPipeline(inFlight, new SignedRequestVerifier(clockSkew, clock), new KeyUnwrapper(cache),
                new KeyReleaseDecider(policy, decisions, clock));
    }

    /**
     * @throws KasFailure when the whole request is refused: not admitted ({@link KasFailure.Kind#RATE_LIMITED},
     *     {@link KasFailure.Kind#OVERLOADED}, with {@link KasFailure#retryAfter}), malformed, signed request token invalid
     */
    public Outcome rewrap(Caller caller, String body) throws KasFailure {
        return rewrap(caller, body, null);
    }

    /**
     * @param requestSigner the key the signed request token must verify with (the DPoP key of a
     *     DPoP-bound token); null: the {@code clientPublicKey} it names
     * @throws KasFailure as {@link #rewrap(Caller, String)}
     */
    public Outcome rewrap(Caller caller, String body, PublicKey requestSigner) throws KasFailure {
        return rewrap(caller, body, requestSigner, RewrapSpans.NONE);
    }

    /**
     * @param spans where OPA's decision and the key provider's operation become spans (the request id
     *     names the trace when there is one)
     * @throws KasFailure as {@link #rewrap(Caller, String)}
     */
    public Outcome rewrap(Caller caller, String body, PublicKey requestSigner, RewrapSpans spans) throws KasFailure {
        try (InFlightLimit.Slot slot = inFlight.enter()) {
            caller.quota().check(caller.realm(), caller.requester().issuer() + " " + caller.requester().sub(),
                    caller.clientAddress());
            return admitted(caller, body, requestSigner, spans);
        } catch (Refusal refusal) {
            throw KasFailure.notAdmitted(refusal);
        }
    }

    private Outcome admitted(Caller caller, String body, PublicKey requestSigner, RewrapSpans spans) throws KasFailure {
        Stages stages = new Stages();
        long started = System.nanoTime();
        SignedRequestVerifier.VerifiedRequest verified = verifier.verify(body, requestSigner);
        stages.srt = System.nanoTime() - started;
        try (Rewrapper rewrapper = Rewrapper.forClient(verified.clientKey())) {
            return respond(new Request(caller, rewrapper, new RewrapReport(caller, spans.requestId()), stages, spans),
                    verified.request(), spans);
        }
    }

    /** Steps 2–4 for every key access object of a verified request, wrapped by {@code request.rewrapper()}. */
    private Outcome respond(Request request, RewrapRequest verifiedRequest, RewrapSpans spans) {
        Caller caller = request.caller();
        Stages stages = request.stages();
        List<RewrapResponse.PolicyResult> responses = new ArrayList<>();
        for (RewrapRequest.PolicyRequest policyRequest : verifiedRequest.requests()) {
            RewrapRequest.Policy policy = policyRequest.policy();
            KeyReleaseDecider.PolicyRelease release = decider.forPolicy(caller.requester(), request.report().requestId(),
                    policy.body(), spans);
            KasAudit.Document document = KasAudit.Document.of(policy, release.decoded().orElse(null));
            List<RewrapResponse.KeyAccessResult> results = new ArrayList<>();
            for (RewrapRequest.KeyAccessItem item : policyRequest.keyAccessObjects()) {
                results.add(rewrapOne(request, policy, document, item, release));
            }
            responses.add(new RewrapResponse.PolicyResult(policy.id(), results));
        }
        RewrapResponse response = new RewrapResponse(request.rewrapper().sessionPublicKey(), responses);
        if (!verifiedRequest.legacy()) {
            return new Outcome(200, response, null, stages);
        }
        // v1: one key access object; its result is the whole answer, its failure the HTTP status.
        RewrapResponse.KeyAccessResult only = response.first();
        return new Outcome(only.permitted() ? 200 : KasFailure.Kind.statusOf(only.metadata().failure()), response,
                response.legacy(), stages);
    }

    /** Locate the key, decide, then unwrap and check the binding: a denied user costs no private-key operation. */
    private RewrapResponse.KeyAccessResult rewrapOne(Request request, RewrapRequest.Policy policy, KasAudit.Document document,
            RewrapRequest.KeyAccessItem item, KeyReleaseDecider.PolicyRelease release) {
        byte[] dataKey = null;
        try {
            KasKey key = unwrapper.locate(request.caller(), item.keyAccessObject());
            long t0 = System.nanoTime();
            Decision permit;
            try {
                permit = release.permit();
            } finally {
                request.stages().opa += System.nanoTime() - t0;
            }
            long t1 = System.nanoTime();
            try {
                dataKey = unwrapper.unwrap(request.caller(), key, item.keyAccessObject(), policy.body(), request.spans());
            } finally {
                request.stages().unwrap += System.nanoTime() - t1;
            }
            long t2 = System.nanoTime();
            byte[] wrapped = request.rewrapper().wrap(dataKey);
            request.stages().rewrap += System.nanoTime() - t2;
            return request.report().permit(document, item, wrapped, permit);
        } catch (KasFailure e) {
            return request.report().fail(document, item, e, release.decisionId());
        } catch (RuntimeException e) {
            return request.report().internal(document, item, e);
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }
}
