package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger asked = new AtomicInteger();
    private Decision answer = RewrapFixtures.PERMIT;
    private final KeyReleasePolicy policy = input -> {
        asked.incrementAndGet();
        return answer;
    };

    private static DecisionInput input(String classification, String time, String requestId) {
        return new DecisionInput(RewrapFixtures.requester().subject(), "decrypt", new DecisionInput.Resource("doc-1",
                classification, List.of("USA"), List.of(), null, List.of(), null, null, null, null, true, null),
                new DecisionInput.Context(time, requestId));
    }

    @Test
    void theSameClaimsAndLabelReuseTheDecisionWhateverTheTimeAndRequestId() {
        DecisionCache cache = new DecisionCache(Duration.ofSeconds(5), 100, clock);
        cache.decide(policy, input("SECRET", "2026-12-01T10:00:00Z", "a"));
        assertThat(cache.decide(policy, input("SECRET", "2026-12-01T10:00:01Z", "b")).allow()).isTrue();
        assertThat(asked.get()).isEqualTo(1);
        cache.decide(policy, input("CONFIDENTIAL", "2026-12-01T10:00:01Z", "c"));
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void aDecisionIsAskedAgainOnceItsLifetimeEnded() {
        DecisionCache cache = new DecisionCache(Duration.ofSeconds(5), 100, clock);
        cache.decide(policy, input("SECRET", "t", "a"));
        now.set(now.get().plusSeconds(5));
        cache.decide(policy, input("SECRET", "t", "a"));
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void aFailClosedDenyIsNeverKeptAndOffAsksEveryTime() {
        DecisionCache cache = new DecisionCache(Duration.ofSeconds(5), 100, clock);
        answer = new Decision(false, List.of(new Decision.Reason("OPA_UNAVAILABLE", "down")), List.of(), Decision.Source.FAIL_CLOSED, null);
        cache.decide(policy, input("SECRET", "t", "a"));
        answer = RewrapFixtures.PERMIT;
        assertThat(cache.decide(policy, input("SECRET", "t", "a")).allow()).isTrue();
        DecisionCache.OFF.decide(policy, input("SECRET", "t", "a"));
        DecisionCache.OFF.decide(policy, input("SECRET", "t", "a"));
        assertThat(asked.get()).isEqualTo(4);
    }
}
