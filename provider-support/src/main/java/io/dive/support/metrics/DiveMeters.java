package io.dive.support.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * The DIVE meters ({@code dive_*} on Keycloak's management {@code /metrics}). They register in
 * Micrometer's global registry, to which Keycloak's Quarkus adds its Prometheus registry; a unit
 * test adds its own registry there. Label values are bounded: a realm, a step, an outcome, a
 * failure kind, a reason code, a key provider or a decision point, never a user or free text —
 * {@link #label} turns anything that does not look like such a name into {@code other}.
 *
 * <p>Counters and timers are cached by name and raw tag values: an event then costs a map lookup
 * and an increment, not Micrometer's id building, tag sorting and label checks (issue 15's on/off
 * cost). The cache empties whenever a meter leaves the registry (a test's {@code clear()}), and
 * holds at most {@value #CACHED} label sets: raw values that {@link #label} folds into {@code other}
 * could otherwise grow it without bound; past that, a call registers (finds) its meter as before.
 */
public final class DiveMeters {

    /** Latency buckets (seconds) of every DIVE timer: few, so a label set costs a dozen series. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500)};
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}");
    public static final String OTHER = "other";
    private static final int CACHED = 4096;
    private static final Map<Key, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<Key, Timer> TIMERS = new ConcurrentHashMap<>();

    static {
        registry().config().onMeterRemoved(removed -> {
            COUNTERS.clear();
            TIMERS.clear();
        });
    }

    /** A meter's name and its tag keys and values as the caller gave them. */
    private record Key(String name, String[] tags) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && name.equals(key.name) && Arrays.equals(tags, key.tags);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(tags);
        }
    }

    private DiveMeters() {
    }

    static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    /** A label value: {@code value} when it is a short name, {@code none} when absent, else {@code other}. */
    public static String label(String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        return NAME.matcher(value).matches() ? value : OTHER;
    }

    /** Adds one to the counter {@code name} with the given tag keys and values (values pass {@link #label}). */
    public static void count(String name, String help, String... tags) {
        counter(name, help, tags).increment();
    }

    /**
     * Registers the counter at 0. A counter of rare events (tamper signals, fail-closed decisions)
     * declared at start has a series before its first event, so {@code increase()} sees that event.
     */
    public static void declare(String name, String help, String... tags) {
        counter(name, help, tags);
    }

    private static Counter counter(String name, String help, String... tags) {
        return cached(COUNTERS, name, tags, key -> Counter.builder(name).description(help).tags(labels(tags))
                .register(registry()));
    }

    /** Records {@code nanos} in the timer {@code name} (a histogram with the DIVE buckets). */
    public static void time(String name, String help, long nanos, String... tags) {
        cached(TIMERS, name, tags, key -> Timer.builder(name).description(help).tags(labels(tags))
                .serviceLevelObjectives(BUCKETS).register(registry())).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static <M> M cached(Map<Key, M> cache, String name, String[] tags, Function<Key, M> register) {
        Key key = new Key(name, tags);
        M meter = cache.get(key);
        if (meter != null) {
            return meter;
        }
        return cache.size() < CACHED ? cache.computeIfAbsent(new Key(name, tags.clone()), register) : register.apply(key);
    }

    /** A gauge read at each scrape from {@code source} (held weakly by Micrometer: keep {@code source} alive). */
    public static <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(help).tags(labels(tags)).strongReference(true)
                .register(registry());
    }

    /** A counter whose total {@code source} keeps (read at each scrape). */
    public static <T> void functionCounter(String name, String help, T source, ToDoubleFunction<T> total,
            String... tags) {
        FunctionCounter.builder(name, source, total).description(help).tags(labels(tags)).register(registry());
    }

    private static String[] labels(String... tags) {
        String[] bounded = tags.clone();
        for (int i = 1; i < bounded.length; i += 2) {
            bounded[i] = label(bounded[i]);
        }
        return bounded;
    }
}
