package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.kas.rewrap.RewrapPipeline;
import org.junit.jupiter.api.Test;

class ServerTimingTest {

    @Test
    void theKasTimeOutsideTheNamedStagesIsOther() {
        RealmKas.Rewrap rewrap = new RealmKas.Rewrap(new RewrapPipeline.Outcome(200, null, null, new RewrapPipeline.Stages()),
                1_250_000, 4_000_000);
        assertThat(rewrap.serverTiming()).isEqualTo(
                "token;dur=1.25, srt;dur=0.00, unwrap;dur=0.00, opa;dur=0.00, rewrap;dur=0.00, other;dur=2.75");
    }
}
