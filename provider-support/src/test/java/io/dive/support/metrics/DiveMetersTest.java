package io.dive.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DiveMetersTest {

    @RegisterExtension
    final TestMeters meters = new TestMeters();
    private final SimpleMeterRegistry registry = meters.registry();

    @Test
    void labelValuesAreShortNamesOrOtherNeverFreeText() {
        assertThat(DiveMeters.label("dive-broker")).isEqualTo("dive-broker");
        assertThat(DiveMeters.label("NOT_RELEASABLE")).isEqualTo("NOT_RELEASABLE");
        assertThat(DiveMeters.label(null)).isEqualTo("none");
        assertThat(DiveMeters.label("john doe <script>")).isEqualTo("other");
        assertThat(DiveMeters.label("x".repeat(64))).isEqualTo("other");
    }

    @Test
    void countsLandInTheGlobalRegistryWithBoundedLabels() {
        DiveMeters.count("dive.test.steps", "help", "realm", "r1", "step", "code refused");
        DiveMeters.count("dive.test.steps", "help", "realm", "r1", "step", "code refused");
        assertThat(registry.get("dive.test.steps").tags("realm", "r1", "step", "other").counter().count()).isEqualTo(2);
    }

    @Test
    void aCachedMeterIsRegisteredAgainOnceTheRegistryDroppedIt() {
        DiveMeters.count("dive.test.cached", "help", "realm", "r1");
        DiveMeters.time("dive.test.cached.latency", "help", 1_000_000, "stage", "opa");
        io.micrometer.core.instrument.Metrics.globalRegistry.clear();
        DiveMeters.count("dive.test.cached", "help", "realm", "r1");
        DiveMeters.time("dive.test.cached.latency", "help", 1_000_000, "stage", "opa");
        assertThat(registry.get("dive.test.cached").tags("realm", "r1").counter().count()).isEqualTo(1);
        assertThat(registry.get("dive.test.cached.latency").timer().count()).isEqualTo(1);
    }

    @Test
    void freeTextValuesBeyondTheCacheStillCountInOneSeries() {
        for (int i = 0; i < 5000; i++) {
            DiveMeters.count("dive.test.free", "help", "realm", "user " + i);
        }
        assertThat(registry.get("dive.test.free").tags("realm", "other").counter().count()).isEqualTo(5000);
        assertThat(registry.find("dive.test.free").counters()).hasSize(1);
    }

    @Test
    void timersHaveTheFixedBuckets() {
        DiveMeters.time("dive.test.latency", "help", 3_000_000, "stage", "unwrap");
        var snapshot = registry.get("dive.test.latency").timer().takeSnapshot();
        assertThat(snapshot.count()).isEqualTo(1);
        assertThat(snapshot.histogramCounts()).hasSize(11);
    }

    private double notAfter(String realm, String key) {
        var gauge = registry.find("dive.certificate.not.after").tags("realm", realm, "key", key).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    @Test
    void oneSeriesPerRealmKeyWithItsNotAfterAndARotatedKeyReplacesTheOld() {
        CertificateExpiry expiry = new CertificateExpiry();
        expiry.show(List.of(new CertificateExpiry.Expiry("dive-usa", "rsa-generated", "sig", Instant.ofEpochSecond(1_900_000_000L)),
                new CertificateExpiry.Expiry("dive-usa", "rsa-enc-generated", "enc", Instant.ofEpochSecond(1_800_000_000L))));
        assertThat(notAfter("dive-usa", "rsa-generated")).isEqualTo(1_900_000_000d);
        assertThat(notAfter("dive-usa", "rsa-enc-generated")).isEqualTo(1_800_000_000d);

        expiry.show(List.of(new CertificateExpiry.Expiry("dive-usa", "rsa-rotated", "sig", Instant.ofEpochSecond(2_000_000_000L)),
                new CertificateExpiry.Expiry("dive-usa", "rsa-enc-generated", "enc", Instant.ofEpochSecond(1_850_000_000L)),
                new CertificateExpiry.Expiry("dive-usa", "rsa-enc-generated", "enc", Instant.ofEpochSecond(1_700_000_000L))));
        assertThat(notAfter("dive-usa", "rsa-rotated")).isEqualTo(2_000_000_000d);
        assertThat(notAfter("dive-usa", "rsa-generated")).as("the old key's series is gone").isEqualTo(-1);
        assertThat(notAfter("dive-usa", "rsa-enc-generated")).as("a kept series takes the new, soonest value").isEqualTo(1_700_000_000d);
    }
}
