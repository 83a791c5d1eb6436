package io.dive.kas.rewrap;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Optional reuse of OPA's key-release decisions for a few seconds (off by default). The key is what
 * the policy reads apart from the time and the request id: the verified token's claims
 * ({@code input.subject}), the action and the policy's label ({@code input.resource}). The time is
 * left out on purpose, so the lifetime is bounded by the clock skew the policy tolerates anyway
 * (auth age, embargo): a reused decision is at most that much older than a fresh one would be. Only
 * answers from OPA are kept (never a fail-closed deny); a full cache is emptied, not grown.
 */
public final class DecisionCache {

    /** No reuse: every policy of every request is asked. */
    public static final DecisionCache OFF = new DecisionCache(Duration.ZERO, 0, Clock.systemUTC());

    private record Key(DecisionInput.Subject subject, String action, DecisionInput.Resource resource) {
    }

    private record Entry(Decision decision, long expiresMillis) {
    }

    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param ttl how long a decision is reused; at most the clock skew the KAS tolerates (checked by
     *     the settings), 0 = off
     */
    public DecisionCache(Duration ttl, int maxEntries, Clock clock) {
        if (ttl.isNegative() || maxEntries < 0) {
            throw new IllegalArgumentException("decision cache TTL and size must not be negative");
        }
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    boolean enabled() {
        return ttlMillis > 0 && maxEntries > 0;
    }

    /** The decision for {@code input}: reused while fresh, else asked of {@code policy} (and kept if from OPA). */
    Decision decide(KeyReleasePolicy policy, DecisionInput input) {
        if (!enabled()) {
            return policy.decide(input);
        }
        Key key = new Key(input.subject(), input.action(), input.resource());
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresMillis() > now) {
            return entry.decision();
        }
        Decision decision = policy.decide(input);
        if (decision.source() != Decision.Source.FAIL_CLOSED) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry(decision, now + ttlMillis));
        }
        return decision;
    }
}
