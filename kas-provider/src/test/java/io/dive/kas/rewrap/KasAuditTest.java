package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.audit.KeyRelease;
import io.dive.opa.Decision;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SecurityLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

class KasAuditTest {


    private static final SecurityLabel LABEL = new SecurityLabel("SECRET", List.of("USA", "GBR"), List.of("FVEY"),
            List.of("NOFORN"), "USA", "2026-01-01T00:00:00Z");

    private static KasAudit.Entry entry(KasAudit.Document document, String kid) {
        return new KasAudit.Entry("dive-broker", "req-1", RewrapFixtures.requester(), document, kid, "kao-0", "DENY",
                "ACCESS_DENIED", List.of(new Decision.Reason("NOT_RELEASABLE", "m")), "127.0.0.1", "software",
                "http://kas.test/kas", null, 7, null);
    }

    @Test
    void theKeyReleaseRecordHoldsTheLabelTheClaimsUsedAndTheSessionButNoToken() {
        KasAudit.Document document = KasAudit.Document.of(new RewrapRequest.Policy("policy-0", "b64-policy"),
                new PolicyObject("7f1c9a1e-uuid", LABEL));
        Requester requester = RewrapFixtures.requester();
        requester = new Requester(requester.issuer(), requester.subjectId(), requester.sub(), requester.authorizedParty(),
                requester.tokenId(), requester.subject(), "sid-42");
        KeyRelease release = KasAudit.keyRelease(new KasAudit.Entry("dive-broker", "req-1", requester, document, "rsa-1",
                "kao-0", "PERMIT", null, List.of(), "127.0.0.1", "software", "http://kas.test/kas", "dec-9", 7, null));
        assertThat(release.correlationId()).isEqualTo("sid-42");
        assertThat(release.requestId()).isEqualTo("req-1");
        assertThat(release.resource()).isEqualTo("7f1c9a1e-uuid");
        assertThat(release.classification()).isEqualTo("SECRET");
        assertThat(release.releasableTo()).containsExactly("USA", "GBR");
        assertThat(release.subject()).isEqualTo("u@usa");
        assertThat(release.clearance()).isEqualTo("SECRET");
        assertThat(release.outcome()).isEqualTo(KeyRelease.PERMIT);
        assertThat(release.decisionId()).isEqualTo("dec-9");
        assertThat(release.kasUrl()).isEqualTo("http://kas.test/kas");
        assertThat(release.latencyMillis()).isEqualTo(7);
        // The hash of the policy as sent (not of any key): 64 hex digits, and not the policy itself.
        assertThat(release.policyHash()).hasSize(64).isNotEqualTo("b64-policy");
        assertThat(release.toString()).doesNotContain("jti-1");
    }

    @Test
    void theRecordSaysWhichDocumentAndWhoAndTheLogLineNamesTheRecordAndTheToken() throws Exception {
        KasAudit.Document document = KasAudit.Document.of(new RewrapRequest.Policy("policy-0", "b64"),
                new PolicyObject("7f1c9a1e-uuid", new SecurityLabel("SECRET", List.of("USA", "GBR"), List.of("FVEY"),
                        List.of("NOFORN"), "USA", "2026-01-01T00:00:00Z", true, "2027-01-01T00:00:00Z")));
        KasAudit.Entry entry = entry(document, "rsa-1");
        KeyRelease release = KasAudit.keyRelease(entry);
        assertThat(release.policyId()).isEqualTo("policy-0");
        assertThat(release.resource()).isEqualTo("7f1c9a1e-uuid");
        assertThat(release.classification()).isEqualTo("SECRET");
        assertThat(release.releasableTo()).containsExactly("USA", "GBR");
        assertThat(release.coi()).containsExactly("FVEY");
        assertThat(release.caveats()).containsExactly("NOFORN");
        assertThat(release.releasableToIndustry()).isTrue();
        assertThat(release.embargoUntil()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(release.subject()).isEqualTo("u@usa");
        assertThat(release.reasons()).containsExactly("NOT_RELEASABLE");

        JsonNode line = new ObjectMapper().readTree(KasAudit.line(entry));
        assertThat(line.path("event").asText()).isEqualTo("KEY_ACCESS");
        assertThat(line.path("record").asText()).as("the line names the record").isEqualTo(release.id());
        assertThat(line.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line.path("outcome").asText()).isEqualTo("DENY");
        assertThat(line.path("failure").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(line.path("sub").asText()).isEqualTo("sub-1");
        assertThat(line.path("azp").asText()).isEqualTo("dive-demo");
        assertThat(line.path("jti").asText()).isEqualTo("jti-1");
        assertThat(line.has("classification") || line.has("subject") || line.has("policyId"))
                .as("what the record holds is not repeated in the log").isFalse();
    }

    @Test
    void aPolicyThatDoesNotDecodeLeavesTheLabelOutAndRequestValuesCannotBreakTheLine() {
        KasAudit.Document document = KasAudit.Document.of(new RewrapRequest.Policy("p\r\n{\"event\":\"KEY_ACCESS\"}", "x"), null);
        KasAudit.Entry entry = entry(document, "k\n" + "x".repeat(5000));
        KeyRelease release = KasAudit.keyRelease(entry);
        assertThat(release.classification()).isNull();
        assertThat(release.releasableToIndustry()).isNull();
        assertThat(release.resource()).doesNotContain("\n", "\r");
        assertThat(release.kid().length()).isLessThan(1500);
        String line = KasAudit.line(entry);
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(line.length()).isLessThan(1500);
    }
}
