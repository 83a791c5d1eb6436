package io.dive.opa;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and a latency histogram of an {@link OpaClient}: cheap enough for every call, readable
 * at any time through {@link #snapshot()}.
 */
public final class OpaClientMetrics {

    /** Upper bounds of the latency buckets in microseconds; the last bucket is unbounded. */
    static final long[] BUCKET_MICROS = {100, 200, 300, 500, 750, 1_000, 2_000, 5_000, 10_000, 50_000, 250_000,
        1_000_000, Long.MAX_VALUE};

    private final LongAdder decisions = new LongAdder();
    private final LongAdder allows = new LongAdder();
    private final LongAdder denies = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder failClosed = new LongAdder();
    private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKET_MICROS.length);

    void record(Decision decision, long nanos) {
        decisions.increment();
        (decision.allow() ? allows : denies).increment();
        if (decision.source() == Decision.Source.CACHE) {
            cacheHits.increment();
        } else if (decision.source() == Decision.Source.FAIL_CLOSED) {
            failClosed.increment();
        }
        long micros = nanos / 1_000;
        for (int i = 0; i < BUCKET_MICROS.length; i++) {
            if (micros <= BUCKET_MICROS[i]) {
                latencyBuckets.incrementAndGet(i);
                break;
            }
        }
    }

    /** A consistent-enough copy of the counters. */
    public Snapshot snapshot() {
        long[] buckets = new long[BUCKET_MICROS.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = latencyBuckets.get(i);
        }
        return new Snapshot(decisions.sum(), allows.sum(), denies.sum(), cacheHits.sum(), failClosed.sum(), buckets);
    }

    /**
     * Counters at one moment.
     *
     * @param decisions all decisions returned
     * @param allows decisions that allowed
     * @param denies decisions that denied (including fail-closed ones)
     * @param cacheHits decisions served from the cache
     * @param failClosed denies made because OPA could not answer (the error count)
     * @param latencyBuckets decision counts per bucket of {@link #BUCKET_MICROS}
     */
    public record Snapshot(long decisions, long allows, long denies, long cacheHits, long failClosed,
            long[] latencyBuckets) {

        /** An upper bound of the given latency percentile in microseconds (bucket resolution). */
        public long percentileMicrosAtMost(double percentile) {
            long total = 0;
            for (long count : latencyBuckets) {
                total += count;
            }
            long rank = (long) Math.ceil(percentile / 100 * total);
            long seen = 0;
            for (int i = 0; i < latencyBuckets.length; i++) {
                seen += latencyBuckets[i];
                if (seen >= rank && total > 0) {
                    return BUCKET_MICROS[i];
                }
            }
            return 0;
        }
    }
}
