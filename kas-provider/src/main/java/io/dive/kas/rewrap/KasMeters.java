package io.dive.kas.rewrap;

import io.dive.opa.Decision;
import io.dive.opa.DecisionPoint;
import io.dive.support.metrics.DiveMeters;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The KAS's and its OPA client's {@code dive_*} meters. Key access objects are counted from the
 * {@link KasAudit} event point (a subscriber), OPA decisions from the client's listener, the stage
 * latencies once per request from its {@link RewrapPipeline.Stages}.
 */
public final class KasMeters {

    private static final String TAMPER = "dive.kas.tamper";
    private static final String TAMPER_HELP = "Key access objects altered or misdirected, by signal (details in the audit trail)";
    private static final String FAIL_CLOSED = "dive.opa.fail.closed";
    private static final String FAIL_CLOSED_HELP = "Decisions denied because OPA could not answer, by cause";
    private static final String KEY_PROVIDER_UNAVAILABLE = "dive.kas.key.provider.unavailable";
    private static final String KEY_PROVIDER_UNAVAILABLE_HELP = "Key access objects refused because the key provider failed";

    private KasMeters() {
    }

    /** Declares the counters of rare events at 0 (every signal, cause, decision point and installed key provider). */
    public static void declare(Stream<String> keyProviders) {
        for (KasFailure.Tamper signal : KasFailure.Tamper.values()) {
            DiveMeters.declare(TAMPER, TAMPER_HELP, "signal", lower(signal.name()));
        }
        for (DecisionPoint point : DecisionPoint.values()) {
            for (Decision.FailClosedCause cause : Decision.FailClosedCause.values()) {
                DiveMeters.declare(FAIL_CLOSED, FAIL_CLOSED_HELP, "decision_point", lower(point.name()), "cause", cause.name());
            }
        }
        keyProviders.forEach(id -> DiveMeters.declare(KEY_PROVIDER_UNAVAILABLE, KEY_PROVIDER_UNAVAILABLE_HELP, "key_provider", id));
    }

    /** A {@link KasAudit} subscriber: the outcome, the reason codes of a refusal and a tamper signal. */
    public static void keyAccess(KasAudit.Entry entry) {
        DiveMeters.count("dive.kas.key.access", "Key access objects answered by outcome and failure kind", "realm",
                entry.realm(), "outcome", lower(entry.outcome()), "failure", lower(entry.failure()), "key_provider",
                entry.keyProvider());
        if (entry.failure() != null) {
            for (Decision.Reason reason : entry.reasons()) {
                DiveMeters.count("dive.kas.denial.reasons", "Reason codes of refused key access objects", "realm",
                        entry.realm(), "reason", reason.code());
            }
        }
        if (entry.tamper() != null) {
            DiveMeters.count(TAMPER, TAMPER_HELP, "signal", lower(entry.tamper().name()));
        }
        if (KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE.name().equals(entry.failure())) {
            DiveMeters.count(KEY_PROVIDER_UNAVAILABLE, KEY_PROVIDER_UNAVAILABLE_HELP, "key_provider", entry.keyProvider());
        }
    }

    /** The rewrap's two front ends, the {@code api} label of the refusal counters. */
    public static final String REST = "rest";
    public static final String CONNECT = "connect";

    /**
     * A whole rewrap request refused before any key access object: not admitted (the realm's rate
     * limit, 429; the node's bound on rewraps in flight, 503), counted apart from the refusals of its
     * bearer token or signed request token.
     */
    public static void requestRefused(String realm, String api, KasFailure.Kind kind) {
        if (kind == KasFailure.Kind.RATE_LIMITED || kind == KasFailure.Kind.OVERLOADED) {
            DiveMeters.count("dive.kas.admission.refusals", "Rewrap requests not admitted: rate limited (429) or overloaded (503)",
                    "realm", realm, "api", api, "reason", lower(kind.name()));
        } else {
            DiveMeters.count("dive.kas.request.refusals", "Rewrap requests refused as a whole, by failure kind", "realm", realm,
                    "api", api, "failure", lower(kind.name()));
        }
    }

    /** A DPoP-bound rewrap refused for its proof ({@code invalid_proof}) or because the replay check could not run. */
    public static void dpopRefused(String realm, String api, boolean unavailable) {
        DiveMeters.count("dive.kas.dpop.refusals", "DPoP-bound rewrap requests refused: invalid proof or replay check unavailable",
                "realm", realm, "api", api, "reason", unavailable ? "replay_check_unavailable" : "invalid_proof");
    }

    /** The time of one answered rewrap request by stage (token, signed request token, OPA, unwrap, rewrap, total). */
    public static void stages(String keyProvider, long tokenNanos, RewrapPipeline.Stages stages, long totalNanos) {
        stage("token", keyProvider, tokenNanos);
        stage("srt", keyProvider, stages.srt);
        stage("opa", keyProvider, stages.opa);
        stage("unwrap", keyProvider, stages.unwrap);
        stage("rewrap", keyProvider, stages.rewrap);
        stage("total", keyProvider, totalNanos);
    }

    private static void stage(String stage, String keyProvider, long nanos) {
        DiveMeters.time("dive.kas.stage", "Rewrap request time by stage and key provider", nanos, "stage", stage,
                "key_provider", keyProvider);
    }

    /** An {@link io.dive.opa.OpaClient.Listener}: latency by decision point, source and outcome; fail-closed causes. */
    public static void opaDecision(DecisionPoint point, Decision decision, long nanos) {
        String source = lower(decision.source().name());
        DiveMeters.time("dive.opa.decision", "OPA client decision time by decision point, source and outcome", nanos,
                "decision_point", lower(point.name()), "source", source, "outcome", decision.allow() ? "allow" : "deny");
        if (decision.source() == Decision.Source.FAIL_CLOSED) {
            DiveMeters.count(FAIL_CLOSED, FAIL_CLOSED_HELP, "decision_point", lower(point.name()), "cause",
                    decision.reasons().isEmpty() ? null : decision.reasons().get(0).code());
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
