package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;

/**
 * One split's requests to the KAS that hold its share, hedged as {@link KasFanOut} says.
 * {@link #askNext} asks the next alternative whose circuit is closed (all that are left when the
 * head start is zero); {@link #nextKey} takes the next answer, waiting at most the head start
 * while an alternative is left to ask; {@link #close} cancels the requests still under way and
 * zeroes the keys that came but lost. Refusals are kept, in the file's order, for
 * {@link #mostTellingRefusal}.
 */
final class Hedge implements AutoCloseable {

    /** What the {@code index}th alternative answered: the key it released, or its refusal. */
    record Answer(int index, byte[] key, KasClientException refusal) {

        /** The key, or the refusal thrown. */
        byte[] keyOrRefusal() throws KasClientException {
            if (key == null) {
                throw refusal;
            }
            return key;
        }
    }

    /** Asks one alternative under its cancellation. */
    interface Ask {
        Answer ask(KeyAccessObject kao, int index, Cancellation cancellation);
    }

    private final List<KeyAccessObject> alternatives;
    private final KasCircuitBreaker breaker;
    private final long headStartNanos;
    private final Ask ask;
    private final KasRequests<Answer> requests;
    private final KasClientException[] refusals;
    private int next;

    Hedge(List<KeyAccessObject> alternatives, KasCircuitBreaker breaker, long headStartNanos, Cancellation split, Ask ask) {
        this.alternatives = alternatives;
        this.breaker = breaker;
        this.headStartNanos = headStartNanos;
        this.ask = ask;
        this.requests = new KasRequests<>(split, Hedge::forget);
        this.refusals = new KasClientException[alternatives.size()];
    }

    /** Asks the next alternative whose circuit is closed (an open one is a refusal, and passed at once). */
    void askNext() {
        while (next < alternatives.size()) {
            int index = next++;
            KeyAccessObject kao = alternatives.get(index);
            if (!breaker.allows(kao.url())) {
                refusals[index] = skipped(kao);
                continue;
            }
            requests.submit(cancellation -> ask.ask(kao, index, cancellation));
            if (headStartNanos > 0) {
                return;
            }
        }
    }

    /** True while an alternative asked has not answered. */
    boolean waiting() {
        return requests.outstanding() > 0;
    }

    /**
     * The key of the next answer; null after a refusal, or when the head start passed without an
     * answer while an alternative is left to ask (time to {@link #askNext}).
     */
    byte[] nextKey() throws KasClientException {
        Future<Answer> answered = next < alternatives.size() ? requests.next(headStartNanos) : requests.next();
        if (answered == null) {
            return null;
        }
        Answer answer = KasFanOut.outcome(answered);
        if (answer.key() == null) {
            refusals[answer.index()] = answer.refusal();
        }
        return answer.key();
    }

    /** A denial first (the user learns why), else the first refusal in the file's order. */
    KasClientException mostTellingRefusal() {
        KasClientException first = null;
        for (KasClientException refusal : refusals) {
            if (refusal != null && refusal.kind() == KasClientException.Kind.DENIED) {
                return refusal;
            }
            first = first == null ? refusal : first;
        }
        return first;
    }

    /** Cancels the requests still under way; zeroes the keys that came but lost. */
    @Override
    public void close() {
        requests.close();
    }

    /** The refusal of a KAS whose circuit is open. */
    static KasClientException skipped(KeyAccessObject kao) {
        return new KasClientException(KasClientException.Kind.UNAVAILABLE, "KAS " + kao.url()
                + " skipped: it failed repeatedly (circuit open, probed again later)", List.of());
    }

    private static void forget(Answer lost) {
        if (lost.key() != null) {
            Arrays.fill(lost.key(), (byte) 0);
        }
    }
}
