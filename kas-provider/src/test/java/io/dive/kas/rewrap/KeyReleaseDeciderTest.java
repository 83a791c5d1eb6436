package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyReleaseDeciderTest {

    private final List<DecisionInput> asked = new ArrayList<>();
    private Decision answer = RewrapFixtures.PERMIT;
    private final KeyReleaseDecider decider = new KeyReleaseDecider(input -> {
        asked.add(input);
        return answer;
    }, DecisionCache.OFF, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    private KeyReleaseDecider.PolicyRelease release(String policy) {
        return decider.forPolicy(RewrapFixtures.requester(), "req-1", policy);
    }

    private static KasFailure refusal(KeyReleaseDecider.PolicyRelease release) {
        try {
            release.permit();
        } catch (KasFailure e) {
            return e;
        }
        throw new AssertionError("permitted");
    }

    @Test
    void opaIsAskedOnceOnFirstNeedOnTheTokensClaimsAndThePolicysLabel() throws Exception {
        KeyReleaseDecider.PolicyRelease release = release(RewrapFixtures.policy());
        assertThat(release.asked()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(release.permit()).isEqualTo(RewrapFixtures.PERMIT);
        assertThat(release.permit()).isEqualTo(RewrapFixtures.PERMIT);
        assertThat(asked).hasSize(1);
        DecisionInput input = asked.get(0);
        assertThat(input.action()).isEqualTo("decrypt");
        assertThat(input.subject()).isEqualTo(RewrapFixtures.requester().subject());
        assertThat(input.resource().resourceId()).isEqualTo("p-1");
        assertThat(input.resource().classification()).isEqualTo("SECRET");
        assertThat(input.resource().releasableTo()).containsExactly("USA");
        assertThat(input.resource().originatingCountry()).isEqualTo("USA");
        assertThat(input.resource().encrypted()).isTrue();
        assertThat(input.context()).isEqualTo(new DecisionInput.Context("2026-12-01T10:00:00Z", "req-1"));
    }

    @Test
    void aDenyIsAccessDeniedWithOpasReasonsEveryTime() {
        answer = RewrapFixtures.deny("NOT_RELEASABLE");
        KeyReleaseDecider.PolicyRelease release = release(RewrapFixtures.policy());
        for (int i = 0; i < 2; i++) {
            KasFailure failure = refusal(release);
            assertThat(failure.kind()).isEqualTo(KasFailure.Kind.ACCESS_DENIED);
            assertThat(failure.reasons()).extracting(Decision.Reason::code).containsExactly("NOT_RELEASABLE");
            assertThat(failure.clientMessage()).isEqualTo("forbidden");
        }
        assertThat(asked).hasSize(1);
    }

    @Test
    void theSessionGoesToOpaAsTheCorrelationIdAndADenyKeepsOpasDecisionId() {
        Requester requester = RewrapFixtures.requester();
        requester = new Requester(requester.issuer(), requester.subjectId(), requester.sub(), requester.authorizedParty(),
                requester.tokenId(), requester.subject(), "sid-7");
        answer = new Decision(false, List.of(new Decision.Reason("NOT_RELEASABLE", "m")), List.of(), Decision.Source.OPA,
                "dec-deny-1");
        KeyReleaseDecider.PolicyRelease release = decider.forPolicy(requester, "req-1", RewrapFixtures.policy());
        assertThat(release.decisionId()).as("not asked yet").isNull();
        refusal(release);
        assertThat(asked.get(0).context()).isEqualTo(new DecisionInput.Context("2026-12-01T10:00:00Z", "req-1", "sid-7"));
        assertThat(release.decisionId()).isEqualTo("dec-deny-1");
    }

    @Test
    void aFailClosedDecisionIsPolicyUnavailable() {
        answer = new Decision(false, List.of(new Decision.Reason("OPA_UNAVAILABLE", "m")), List.of(), Decision.Source.FAIL_CLOSED,
                null);
        KasFailure failure = refusal(release(RewrapFixtures.policy()));
        assertThat(failure.kind()).isEqualTo(KasFailure.Kind.POLICY_UNAVAILABLE);
        assertThat(failure.reasons()).extracting(Decision.Reason::code).containsExactly("OPA_UNAVAILABLE");
    }

    @Test
    void aPermitWithObligationsTheKasCannotFulfilReleasesNothing() {
        answer = new Decision(true, List.of(), List.of(Map.of("watermark", true)), Decision.Source.OPA, null);
        assertThat(refusal(release(RewrapFixtures.policy())).kind()).isEqualTo(KasFailure.Kind.ACCESS_DENIED);
    }

    @Test
    void aPolicyTheKasCannotEvaluateIsRefusedWithoutAskingOpa() {
        KeyReleaseDecider.PolicyRelease release = release("e30="); // {}
        assertThat(refusal(release).kind()).isEqualTo(KasFailure.Kind.POLICY_INVALID);
        assertThat(refusal(release).kind()).isEqualTo(KasFailure.Kind.POLICY_INVALID);
        assertThat(asked).isEmpty();
        assertThatThrownBy(() -> release("").permit()).isInstanceOf(KasFailure.class);
    }

    private static String base64(String json) {
        return java.util.Base64.getEncoder().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void industryReleaseAndEmbargoReachOpaAndAnAbsentCreationTimeStaysAbsent() throws Exception {
        // As another OpenTDF producer writes it: DIVE attributes, no creation time, no label assertion.
        String attr = "https://dive.coalition/attr/";
        String policy = base64("{\"uuid\":\"p-2\",\"body\":{\"dataAttributes\":["
                + "{\"attribute\":\"" + attr + "classification/value/CONFIDENTIAL\"},"
                + "{\"attribute\":\"" + attr + "releasableTo/value/DEU\"},"
                + "{\"attribute\":\"" + attr + "originator/value/USA\"},"
                + "{\"attribute\":\"" + attr + "releasableToIndustry/value/true\"},"
                + "{\"attribute\":\"" + attr + "embargoUntil/value/2027-01-31T00:00:00Z\"}]}}");
        release(policy).permit();
        DecisionInput.Resource resource = asked.get(0).resource();
        assertThat(resource.releasableToIndustry()).isTrue();
        assertThat(resource.embargoUntil()).isEqualTo("2027-01-31T00:00:00Z");
        assertThat(resource.creationDate()).isNull();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(resource))
                .contains("\"releasableToIndustry\":true").doesNotContain("creationDate");

        release(RewrapFixtures.policy()).permit();
        assertThat(asked.get(1).resource().releasableToIndustry()).isFalse();
        assertThat(asked.get(1).resource().embargoUntil()).isNull();
        assertThat(asked.get(1).resource().creationDate()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void aPolicyWithoutAnOriginatorIsDecidedWithoutOne() throws Exception {
        String policy = base64("{\"uuid\":\"p-4\",\"body\":{\"dataAttributes\":["
                + "{\"attribute\":\"https://dive.coalition/attr/classification/value/SECRET\"},"
                + "{\"attribute\":\"https://dive.coalition/attr/releasableTo/value/USA\"}]}}");
        assertThat(release(policy).permit()).isEqualTo(RewrapFixtures.PERMIT);
        DecisionInput.Resource resource = asked.get(0).resource();
        assertThat(resource.originatingCountry()).isNull();
        // Absent in OPA's input (a NOFORN caveat then admits nobody: policies/ caveats_test).
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(resource))
                .doesNotContain("originatingCountry");
    }

    @Test
    void attributesOfAnotherNamespaceArePolicyInvalidNamingThemToTheClient() {
        String policy = base64("{\"uuid\":\"p-3\",\"body\":{\"dataAttributes\":["
                + "{\"attribute\":\"https://dive.coalition/attr/classification/value/SECRET\"},"
                + "{\"attribute\":\"https://example.com/attr/project/value/apollo\"}]}}");
        KasFailure failure = refusal(release(policy));
        assertThat(failure.kind()).isEqualTo(KasFailure.Kind.POLICY_INVALID);
        assertThat(failure.clientMessage()).startsWith("policy cannot be evaluated: the policy holds attributes outside the DIVE "
                + "namespace").endsWith("'https://example.com/attr/project/value/apollo'");
        assertThat(asked).isEmpty();
    }
}
