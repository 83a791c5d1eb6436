package io.dive.ztdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The one mapping between a label and the policy's attributes, and what a crafted policy gets. */
class PolicyObjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIVE = "https://dive.coalition/attr/";

    /** A base64 policy holding these attribute FQNs, with the members an OpenTDF SDK adds to each and no dissem. */
    static String policy(String... fqns) {
        ObjectNode policy = JSON.createObjectNode().put("uuid", "0f4b3b8e-9a51-4d5e-a7b5-6f0d6f3c1a11");
        ArrayNode attributes = policy.putObject("body").putArray("dataAttributes");
        for (String fqn : fqns) {
            attributes.addObject().put("attribute", fqn).put("displayName", "").put("isDefault", false).put("pubKey", "")
                    .put("kasURL", "");
        }
        return Base64.getEncoder().encodeToString(policy.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(ZtdfException.Reason reason, String... fqns) {
        return assertThatThrownBy(() -> PolicyObject.parse(policy(fqns))).isInstanceOfSatisfying(ZtdfException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static final String[] MINIMAL = {DIVE + "classification/value/CONFIDENTIAL", DIVE + "releasableTo/value/DEU",
        DIVE + "originator/value/USA"};

    private static String[] with(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(MINIMAL));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void everyLabelFieldIsAnAttributeAndReadsBack() throws Exception {
        SecurityLabel label = new SecurityLabel("CONFIDENTIAL", List.of("USA", "DEU"), List.of("NATO"), List.of("GOVONLY"), "USA",
                "2026-12-01T10:00:00Z", true, "2027-01-31T00:00:00+01:00");
        assertThat(PolicyObject.attributes(label)).containsExactly(
                DIVE + "classification/value/CONFIDENTIAL", DIVE + "releasableTo/value/USA", DIVE + "releasableTo/value/DEU",
                DIVE + "coi/value/NATO", DIVE + "caveat/value/GOVONLY", DIVE + "originator/value/USA",
                DIVE + "creationTime/value/2026-12-01T10%3A00%3A00Z", DIVE + "releasableToIndustry/value/true",
                DIVE + "embargoUntil/value/2027-01-31T00%3A00%3A00%2B01%3A00");
        assertThat(PolicyObject.parse(new PolicyObject("p", label).toBase64()).label()).isEqualTo(label);
    }

    /** OpenTDF has no originator: a policy that states none gives a label without one, and writes back without one. */
    @Test
    void aPolicyOfAnotherProducerNeedsNoOriginator() throws Exception {
        PolicyObject parsed = PolicyObject.parse(policy(DIVE + "classification/value/SECRET", DIVE + "releasableTo/value/USA"));
        assertThat(parsed.label()).isEqualTo(new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), null, null));
        assertThat(PolicyObject.attributes(parsed.label())).containsExactly(DIVE + "classification/value/SECRET",
                DIVE + "releasableTo/value/USA");
        assertThat(PolicyObject.parse(parsed.toBase64()).label()).isEqualTo(parsed.label());
    }

    @Test
    void aPolicyOfAnotherProducerNeedsNoCreationTimeAndReadsValuesEscapedAsUrlPaths() throws Exception {
        // An SDK escapes a value as a URL path segment: ':' and '+' stay as they are.
        SecurityLabel label = PolicyObject.parse(policy(with(DIVE + "releasableToIndustry/value/true",
                DIVE + "embargoUntil/value/2027-01-31T00:00:00+01:00"))).label();
        assertThat(label.creationTime()).isNull();
        assertThat(label.releasableToIndustry()).isTrue();
        assertThat(label.embargoUntil()).isEqualTo("2027-01-31T00:00:00+01:00");
        SecurityLabel plain = PolicyObject.parse(policy(MINIMAL)).label();
        assertThat(plain.releasableToIndustry()).isFalse();
        assertThat(plain.embargoUntil()).isNull();
        assertThat(PolicyObject.parse(policy(with(DIVE + "releasableToIndustry/value/false"))).label()).isEqualTo(plain);
    }

    @Test
    void attributesOfAnotherNamespaceAreRefusedEachNamed() {
        refused(ZtdfException.Reason.FOREIGN_ATTRIBUTE, with("https://example.com/attr/department/value/finance",
                "https://DIVE.coalition/attr/classification/value/UNCLASSIFIED"))
                .hasMessage("the policy holds attributes outside the DIVE namespace https://dive.coalition/attr/, which DIVE "
                        + "cannot evaluate: 'https://example.com/attr/department/value/finance', "
                        + "'https://DIVE.coalition/attr/classification/value/UNCLASSIFIED'");
        refused(ZtdfException.Reason.FOREIGN_ATTRIBUTE, "https://opentdf.io/attr/x/value/y").hasMessageContaining("'https://opentdf.io/attr/x/value/y'");
    }

    @Test
    void craftedPoliciesAreRefusedWithWhatIsWrong() {
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "releasableTo/value/DEU"))
                .hasMessage("the policy holds attribute 'https://dive.coalition/attr/releasableTo/value/DEU' twice");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "classification/value/UNCLASSIFIED"))
                .hasMessage("the policy must hold exactly one classification attribute");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "releasableToIndustry/value/yes"))
                .hasMessage("releasableToIndustry must be true or false, was 'yes'");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "releasableToIndustry/value/true",
                DIVE + "releasableToIndustry/value/false"))
                .hasMessage("the policy must hold exactly one releasableToIndustry attribute");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "embargoUntil/value/2027-01-31"))
                .hasMessage("the policy's attributes are not a valid label: embargoUntil '2027-01-31' is not an RFC 3339 "
                        + "timestamp such as 2027-01-31T00:00:00Z");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "embargoUntil/value/2027-01-31T00:00:00Z",
                DIVE + "embargoUntil/value/2028-01-31T00:00:00Z"))
                .hasMessage("the policy must hold exactly one embargoUntil attribute");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "clearance/value/SECRET"))
                .hasMessageStartingWith("unknown attribute 'clearance' (DIVE attributes are [classification, releasableTo");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "originator/value/GBR"))
                .hasMessage("the policy must hold exactly one originator attribute");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, DIVE + "classification/value/SECRET", DIVE + "originator/value/NATO")
                .hasMessageContaining("originator 'NATO' is not an ISO 3166-1 alpha-3 country");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "coi/SECRET"))
                .hasMessage("malformed attribute 'https://dive.coalition/attr/coi/SECRET'");
        refused(ZtdfException.Reason.MALFORMED_MANIFEST, with(DIVE + "coi/value/%ZZ"))
                .hasMessageStartingWith("malformed attribute value");
    }

    @Test
    void anAttributeEntryWithoutAnFqnIsMalformed() {
        String policy = Base64.getEncoder().encodeToString(
                "{\"uuid\":\"u\",\"body\":{\"dataAttributes\":[{\"attribute\":42}]}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PolicyObject.parse(policy)).hasMessage("an entry of body.dataAttributes has no attribute FQN");
    }

    @Test
    void embargoAndCreationTimesAreRfc3339TimestampsOfRealInstants() {
        for (String bad : List.of("2027-02-30T00:00:00Z", "2027-01-31T00:00Z", "2027-01-31 00:00:00Z", "2027-01-31T00:00:00",
                "tomorrow", "2027-01-31T00:00:00Z\u001b[2K")) {
            assertThatThrownBy(() -> new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA", null, false, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("embargoUntil '")
                    .hasMessageEndingWith("' is not an RFC 3339 timestamp such as 2027-01-31T00:00:00Z")
                    .hasMessageNotContaining("\u001b");
        }
        assertThat(new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA", null, false,
                "2027-01-31T00:00:00.123456789-05:00").embargoUntil()).isEqualTo("2027-01-31T00:00:00.123456789-05:00");
        assertThatThrownBy(() -> new SecurityLabel("SECRET", List.of("USA", "USA"), List.of(), List.of(), "USA", null))
                .hasMessage("releasableTo names 'USA' twice");
    }

    @Test
    void aLabelWrittenBeforeIndustryAndEmbargoExistedReadsAsNeither() throws Exception {
        SecurityLabel old = SecurityLabel.fromJson("{\"classification\":\"SECRET\",\"releasableTo\":[\"USA\"],\"coi\":[],"
                + "\"caveats\":[],\"originator\":\"USA\",\"creationTime\":\"2026-11-22T10:00:00Z\"}");
        assertThat(old).isEqualTo(new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA", "2026-11-22T10:00:00Z"));
        assertThat(old.releasableToIndustry()).isFalse();
        assertThat(old.embargoUntil()).isNull();
        assertThat(old.toJson()).doesNotContain("embargoUntil").contains("\"releasableToIndustry\":false");
    }

    @Test
    void aLabelIsWrittenAsDatabindWroteItAndReadBack() throws Exception {
        // The exact text DIVE wrote (Jackson databind, @JsonInclude NON_NULL) before the tool stopped using databind.
        SecurityLabel full = new SecurityLabel("SECRET", List.of("USA", "GBR"), List.of("NATO"), List.of("GOVONLY"), "USA",
                "2026-11-22T10:00:00Z", true, "2027-01-31T00:00:00Z");
        assertThat(full.toJson()).isEqualTo("{\"classification\":\"SECRET\",\"releasableTo\":[\"USA\",\"GBR\"],\"coi\":[\"NATO\"],"
                + "\"caveats\":[\"GOVONLY\"],\"originator\":\"USA\",\"creationTime\":\"2026-11-22T10:00:00Z\","
                + "\"releasableToIndustry\":true,\"embargoUntil\":\"2027-01-31T00:00:00Z\"}");
        assertThat(SecurityLabel.fromJson(full.toJson())).isEqualTo(full);
        SecurityLabel bare = new SecurityLabel("UNCLASSIFIED", List.of("USA"), List.of(), List.of(), null, null);
        assertThat(bare.toJson()).isEqualTo("{\"classification\":\"UNCLASSIFIED\",\"releasableTo\":[\"USA\"],\"coi\":[],"
                + "\"caveats\":[],\"releasableToIndustry\":false}");
        assertThat(SecurityLabel.fromJson("{\"classification\":\"UNCLASSIFIED\",\"releasableTo\":[\"USA\"],\"originator\":null}"))
                .isEqualTo(bare);
    }

    @Test
    void aLabelOfUnknownMembersOrOtherTypesIsRefusedNamingTheMember() {
        assertThatThrownBy(() -> SecurityLabel.fromJson("{\"classification\":\"SECRET\",\"releasableTo\":[\"USA\"],\"x\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown member 'x'");
        assertThatThrownBy(() -> SecurityLabel.fromJson("{\"releasableTo\":[\"USA\"]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classification");
        assertThatThrownBy(() -> SecurityLabel.fromJson("{\"classification\":\"SECRET\",\"releasableTo\":\"USA\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("releasableTo is not an array");
        assertThatThrownBy(() -> SecurityLabel.fromJson("{\"classification\":\"SECRET\",\"releasableTo\":[1]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("releasableTo holds something other than strings");
        assertThatThrownBy(() -> SecurityLabel.fromJson("{\"classification\":\"SECRET\",\"releasableTo\":[\"USA\"],"
                + "\"releasableToIndustry\":\"yes\"}")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> SecurityLabel.fromJson("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecurityLabel.fromJson("{")).isInstanceOf(java.io.IOException.class);
        // Two classifications would let two readers of one file see two labels: refused, never "the last one".
        assertThatThrownBy(() -> SecurityLabel.fromJson(
                "{\"classification\":\"TOP_SECRET\",\"releasableTo\":[\"USA\"],\"classification\":\"UNCLASSIFIED\"}"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("repeated member \"classification\"");
    }
}
