package io.dive.kas.rewrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.SafeText;
import io.dive.opa.Decision;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SecurityLabel;
import io.dive.audit.KeyRelease;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one event point of a key access decision: an {@link Entry} per key access object, to every
 * subscriber (the audit trail's {@code key_releases}, the {@code dive_kas_*} meters of
 * {@link KasMeters}) and as a short JSON line on the {@code io.dive.kas.audit} log category. The
 * record is the one full account; the line only names it (record id, request id, outcome) and adds
 * the token's ids the record leaves out ({@code sub}, {@code azp}, {@code jti}), so an operator can
 * go from the log to the record. No key material, no token.
 */
public final class KasAudit {

    private static final Logger AUDIT = Logger.getLogger("io.dive.kas.audit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Consumer<Entry>> SUBSCRIBERS = new CopyOnWriteArrayList<>();

    /**
     * The document a key access object belongs to, as its policy says: the client's label for the
     * policy in the request and, when the policy decodes, its own uuid and security label (bound to
     * the key by the policy binding, which a permit has verified).
     */
    public record Document(String policyId, String policyUuid, SecurityLabel label, String policyHash) {
        static Document of(RewrapRequest.Policy policy, PolicyObject decoded) {
            return new Document(policy.id(), decoded == null ? null : decoded.uuid(), decoded == null ? null : decoded.label(),
                    sha256(policy.body()));
        }
    }

    /**
     * What one key access object asked for and what it got.
     *
         * @param decisionId OPA's decision id (a permit's or a deny's; null when OPA was not asked or logs no decisions)
     * @param tamper the tamper signal of a failure ({@link KasFailure.Tamper}), null for none
     * @param recordId the id of the {@code key_releases} record (the log line names it)
     */
    public record Entry(String realm, String requestId, Requester requester, Document document, String kid,
            String keyAccessObjectId, String outcome, String failure, List<Decision.Reason> reasons, String clientAddress,
            String keyProvider, String kasUrl, String decisionId, long latencyMillis, KasFailure.Tamper tamper,
            String recordId) {

        /** An entry with a new record id. */
        public Entry(String realm, String requestId, Requester requester, Document document, String kid,
                String keyAccessObjectId, String outcome, String failure, List<Decision.Reason> reasons, String clientAddress,
                String keyProvider, String kasUrl, String decisionId, long latencyMillis, KasFailure.Tamper tamper) {
            this(realm, requestId, requester, document, kid, keyAccessObjectId, outcome, failure, reasons, clientAddress,
                    keyProvider, kasUrl, decisionId, latencyMillis, tamper, UUID.randomUUID().toString());
        }
    }

    /** Adds a consumer of every entry (called on the request thread: it must only enqueue); close to remove it. */
    public static AutoCloseable subscribe(Consumer<Entry> subscriber) {
        SUBSCRIBERS.add(subscriber);
        return () -> SUBSCRIBERS.remove(subscriber);
    }

    static void record(Entry entry) {
        AUDIT.info(line(entry));
        for (Consumer<Entry> subscriber : SUBSCRIBERS) {
            try {
                subscriber.accept(entry);
            } catch (RuntimeException e) {
                AUDIT.warnf("DIVE KAS audit subscriber failed: %s", e.toString());
            }
        }
    }

    /** The {@code key_releases} record of an entry: the label, the subject's claims used, never a key or token. */
    public static KeyRelease keyRelease(Entry entry) {
        Requester requester = entry.requester();
        Document document = entry.document();
        SecurityLabel label = document.label();
        var subject = requester.subject();
        return new KeyRelease(entry.recordId(), Instant.now(), entry.realm(), requester.sessionId(),
                entry.requestId(), entry.kasUrl(), SafeText.of(entry.kid()), entry.keyProvider(), SafeText.of(document.policyId()),
                bounded(document.policyUuid() != null ? document.policyUuid() : document.policyId()), document.policyHash(),
                label == null ? null : label.classification(), label == null ? null : label.releasableTo(),
                label == null ? null : label.coi(), label == null ? null : label.caveats(),
                label == null ? null : label.releasableToIndustry(), label == null ? null : label.embargoUntil(), requester.subjectId(),
                subject.countryOfAffiliation(), subject.clearance(), subject.acr(), subject.amr(), requester.issuer(),
                KeyRelease.PERMIT.equals(entry.outcome()) ? KeyRelease.PERMIT : KeyRelease.DENY, entry.failure(),
                entry.reasons().stream().map(Decision.Reason::code).toList(), entry.decisionId(), entry.clientAddress(),
                entry.latencyMillis());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The log line of {@code entry}: which record, which request and token, what outcome. */
    static String line(Entry entry) {
        Requester requester = entry.requester();
        ObjectNode line = JSON.createObjectNode();
        line.put("event", "KEY_ACCESS").put("record", entry.recordId()).put("realm", entry.realm())
                .put("requestId", entry.requestId()).put("sub", bounded(requester.sub()))
                .put("azp", bounded(requester.authorizedParty())).put("jti", bounded(requester.tokenId())).put("outcome", entry.outcome()).put("failure", entry.failure());
        return line.toString();
    }

    private static String bounded(String value) {
        return value == null ? null : SafeText.of(value);
    }

    private KasAudit() {
    }
}
