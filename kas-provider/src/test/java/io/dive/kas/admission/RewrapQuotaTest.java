package io.dive.kas.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewrapQuotaTest {

    private final Map<String, Long> counters = new HashMap<>();
    private final WindowCounters memory = (current, previous, ttl) -> new WindowCounters.Counts(counters.merge(current, 1L, Long::sum),
            counters.getOrDefault(previous, 0L));
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:30Z"), ZoneOffset.UTC);

    @Test
    void eachSubjectAndEachAddressHasItsOwnCount() throws Refusal {
        RewrapQuota quota = new RewrapQuota(new RewrapLimits(2, 3, Duration.ofSeconds(60)), memory, clock);
        quota.check("r", "alice", "10.0.0.1");
        quota.check("r", "alice", "10.0.0.1");
        assertThatThrownBy(() -> quota.check("r", "alice", "10.0.0.2")).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.reason()).isEqualTo(Refusal.Reason.RATE_LIMITED);
            assertThat(refusal.getMessage()).contains("subject").doesNotContain("alice");
            assertThat(refusal.retryAfter().toSeconds()).isPositive();
        });
        quota.check("r", "bob", "10.0.0.1");
        assertThatThrownBy(() -> quota.check("r", "carol", "10.0.0.1")).hasMessageContaining("address");
        // Counter names carry a digest, never the subject or address.
        assertThat(counters.keySet()).allSatisfy(name -> assertThat(name).startsWith("kas:rate:r:").doesNotContain("alice", "10.0.0"));
    }

    @Test
    void unreachableCountersAdmit() throws Refusal {
        RewrapQuota quota = new RewrapQuota(new RewrapLimits(1, 1, Duration.ofSeconds(60)), (current, previous, ttl) -> {
            throw new IllegalStateException("Redis down");
        }, clock);
        quota.check("r", "alice", "10.0.0.1");
        quota.check("r", "alice", "10.0.0.1");
    }

    @Test
    void unlimitedRealmsCountNothing() throws Refusal {
        new RewrapQuota(RewrapLimits.UNLIMITED, memory, clock).check("r", "alice", "10.0.0.1");
        assertThat(counters).isEmpty();
    }

    @Test
    void limitsComeFromRealmAttributesAndBadValuesAreNamed() {
        Map<String, String> attributes = Map.of(RewrapLimits.PER_SUBJECT, "20", RewrapLimits.WINDOW_SECONDS, "10");
        assertThat(RewrapLimits.of(attributes::get)).isEqualTo(new RewrapLimits(20, 0, Duration.ofSeconds(10)));
        assertThat(RewrapLimits.of(name -> null)).isEqualTo(RewrapLimits.UNLIMITED);
        assertThatThrownBy(() -> RewrapLimits.of(Map.of(RewrapLimits.PER_ADDRESS, "lots")::get))
                .hasMessageContaining(RewrapLimits.PER_ADDRESS).hasMessageContaining("whole number");
        assertThatThrownBy(() -> RewrapLimits.of(Map.of(RewrapLimits.WINDOW_SECONDS, "0")::get)).hasMessageContaining("1..86400");
    }

    @Test
    void theInFlightBoundRefusesOnlyBeyondItsPlaces() throws Refusal {
        InFlightLimit limit = new InFlightLimit(2, Duration.ofMillis(200));
        InFlightLimit.Slot first = limit.enter();
        try (InFlightLimit.Slot second = limit.enter()) {
            assertThatThrownBy(limit::enter).isInstanceOfSatisfying(Refusal.class, refusal -> {
                assertThat(refusal.reason()).isEqualTo(Refusal.Reason.OVERLOADED);
                assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
        }
        first.close();
        first.close();
        assertThat(limit.inFlight()).isZero();
        assertThat(new InFlightLimit(0, Duration.ofSeconds(1)).enter()).isNotNull();
    }
}
