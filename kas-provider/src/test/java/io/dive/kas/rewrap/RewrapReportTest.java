package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.opa.Decision;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RewrapReportTest {

    private final RewrapReport report = new RewrapReport(RewrapFixtures.caller(RewrapFixtures.keys(new AtomicInteger())), "req-1");
    private final KasAudit.Document policy = KasAudit.Document.of(new RewrapRequest.Policy("p", "body"), null);

    private RewrapRequest.KeyAccessItem item() throws Exception {
        return new RewrapRequest.KeyAccessItem("k", RewrapFixtures.file(RewrapFixtures.RSA_KEY).kao());
    }

    @Test
    void aPermitCarriesTheRewrappedKeyAndEmptyMetadata() throws Exception {
        RewrapResponse.KeyAccessResult result = report.permit(policy, item(), new byte[] {1, 2}, RewrapFixtures.PERMIT);
        assertThat(result).isEqualTo(RewrapResponse.KeyAccessResult.permit("k", "AQI="));
        assertThat(result.metadata()).isEqualTo(RewrapResponse.Metadata.NONE);
    }

    @Test
    void aFailureSaysItsKindAndReasonsButNothingElse() throws Exception {
        KasFailure denied = KasFailure.decided(KasFailure.Kind.ACCESS_DENIED, "OPA said no because of secret detail",
                List.of(new Decision.Reason("NOT_RELEASABLE", "m")));
        List<KasAudit.Entry> audited = new java.util.ArrayList<>();
        RewrapResponse.KeyAccessResult result;
        try (AutoCloseable subscription = KasAudit.subscribe(audited::add)) {
            result = report.fail(policy, item(), denied, "dec-deny-1");
        }
        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo("DENY");
            assertThat(entry.decisionId()).as("a deny carries OPA's decision id too").isEqualTo("dec-deny-1");
        });
        assertThat(result.error()).isEqualTo("forbidden");
        assertThat(result.metadata()).isEqualTo(new RewrapResponse.Metadata("ACCESS_DENIED",
                List.of(new RewrapResponse.Reason("NOT_RELEASABLE", "m"))));
        RewrapResponse.KeyAccessResult unwrap = report.fail(policy, item(), new KasFailure(KasFailure.Kind.BAD_REQUEST,
                "OAEP decoding failed at byte 3"), null);
        assertThat(unwrap.error()).isEqualTo("bad request");
        assertThat(unwrap.metadata()).isEqualTo(new RewrapResponse.Metadata("BAD_REQUEST", List.of()));
    }

    @Test
    void aDefectOfTheKasIsAPlainBadRequest() throws Exception {
        RewrapResponse.KeyAccessResult result = report.internal(policy, item(), new IllegalStateException("bug"));
        assertThat(result.error()).isEqualTo("bad request");
        assertThat(result.metadata()).isEqualTo(new RewrapResponse.Metadata("INTERNAL", null));
    }
}
