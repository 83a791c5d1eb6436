package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeySplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Gets a file's data key from its KAS. Every split is asked in parallel (all shares are needed).
 * Within a split the alternatives are hedged: the first one whose circuit is closed is asked, the
 * next after a head start without an answer, or at once when one refuses (or its circuit is open);
 * the first KAS to release the share wins and the others are cancelled ({@link Cancellation}: a
 * request not yet sent is not sent, one under way is disconnected and its answer not opened). A
 * head start of zero asks all alternatives at once ({@link Hedge} holds one split's requests). A
 * {@link KasCircuitBreaker} skips KAS that keep failing. A lone KAS is asked on the caller's thread.
 */
final class KasFanOut {

    /**
     * How long the first KAS of an any-of file has before the next is asked too. Above this
     * machine's p95 of one healthy KAS (BENCHMARKS.md, "Several KAS asked at once"), so a healthy
     * first KAS is the only one asked; a dead one is passed at once (refused or open circuit).
     */
    static final Duration DEFAULT_HEAD_START = Duration.ofMillis(100);

    private final KasTransport kas;
    private final KasCircuitBreaker breaker;
    private final long headStartNanos;

    KasFanOut(KasTransport kas, KasCircuitBreaker breaker, Duration headStart) {
        if (headStart.isNegative()) {
            throw new IllegalArgumentException("the head start must be >= 0, was " + headStart);
        }
        this.kas = kas;
        this.breaker = breaker;
        this.headStartNanos = headStart.toNanos();
    }

    /**
     * The data key: one share per split, XOR'd together. When a split yields no share, the most
     * telling refusal of its KAS is thrown (a denial before anything else).
     */
    byte[] dataKey(Collection<List<KeyAccessObject>> splits, String policy, String bearerToken) throws KasClientException {
        List<byte[]> shares = new ArrayList<>();
        try {
            List<KasRequests.Call<byte[]>> calls = new ArrayList<>();
            for (List<KeyAccessObject> alternatives : splits) {
                calls.add(cancellation -> share(alternatives, policy, bearerToken, cancellation));
            }
            KasRequests.allAtOnce(calls, shares, share -> Arrays.fill(share, (byte) 0));
            return KeySplit.combine(shares);
        } finally {
            shares.forEach(share -> Arrays.fill(share, (byte) 0));
        }
    }

    /** One split's share from the first of its KAS that releases it, hedged as the class says. */
    private byte[] share(List<KeyAccessObject> alternatives, String policy, String bearerToken, Cancellation split)
            throws KasClientException {
        Hedge.Ask ask = (kao, index, cancellation) -> ask(kao, policy, bearerToken, index, cancellation);
        if (alternatives.size() == 1) { // on the caller's thread
            KeyAccessObject kao = alternatives.get(0);
            if (!breaker.allows(kao.url())) {
                throw Hedge.skipped(kao);
            }
            return ask.ask(kao, 0, split).keyOrRefusal();
        }
        try (Hedge hedge = new Hedge(alternatives, breaker, headStartNanos, split, ask)) {
            for (hedge.askNext(); hedge.waiting(); hedge.askNext()) {
                byte[] key = hedge.nextKey();
                if (key != null) {
                    return key;
                }
            }
            throw hedge.mostTellingRefusal();
        }
    }

    /** Asks one KAS; feeds what happened back to the breaker (a cancelled request says nothing about the KAS). */
    private Hedge.Answer ask(KeyAccessObject kao, String policy, String bearerToken, int index, Cancellation cancellation) {
        try {
            byte[] key = kas.rewrap(bearerToken, policy, kao, cancellation);
            breaker.answered(kao.url());
            if (cancellation.isCancelled()) {
                Arrays.fill(key, (byte) 0); // another KAS was first
            }
            return new Hedge.Answer(index, key, null);
        } catch (KasClientException e) {
            if (cancellation.isCancelled()) {
                breaker.abandoned(kao.url());
            } else if (e.kind() == KasClientException.Kind.UNAVAILABLE) {
                breaker.failed(kao.url());
            } else {
                breaker.answered(kao.url());
            }
            return new Hedge.Answer(index, null, e);
        } catch (RuntimeException e) {
            breaker.abandoned(kao.url());
            throw e;
        }
    }
}
