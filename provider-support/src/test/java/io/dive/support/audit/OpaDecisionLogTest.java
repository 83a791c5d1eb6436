package io.dive.support.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.audit.Decision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OpaDecisionLogTest {

    private static final String EVENT = """
            [{"decision_id":"4ca636c1-55e4","path":"dive/kas/decision","labels":{"id":"x"},
              "input":{"subject":{"uniqueID":"alice@usa","clearance":"SECRET","countryOfAffiliation":"USA"},
                       "action":"decrypt","resource":{"resourceId":"doc-1","classification":"SECRET"},
                       "context":{"time":"2026-12-01T10:00:00Z","requestId":"req-1"}},
              "result":{"allow":false,"reasons":[{"code":"NOT_RELEASABLE","message":"m"}]},
              "erased":["/input/token"],"bundles":{"dive":{"revision":"r7"}},
              "timestamp":"2026-12-01T10:00:00.123456789Z","metrics":{"timer_server_handler_ns":1}}]
            """;

    @Test
    void aGzipBatchBecomesTypedDecisionsKeyedByDecisionId() throws Exception {
        List<Decision> decisions = OpaDecisionLog.read(new ByteArrayInputStream(gzip(EVENT)), true);
        Decision decision = decisions.get(0);
        assertThat(decision.id()).isEqualTo("4ca636c1-55e4");
        assertThat(decision.timestamp()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123456789Z"));
        assertThat(decision.requestId()).isEqualTo("req-1");
        assertThat(decision.subject()).isEqualTo("alice@usa");
        assertThat(decision.resource()).isEqualTo("doc-1");
        assertThat(decision.classification()).isEqualTo("SECRET");
        assertThat(decision.outcome()).isEqualTo("DENY");
        assertThat(decision.reasons()).containsExactly("NOT_RELEASABLE");
        assertThat(decision.erased()).containsExactly("/input/token");
        assertThat(decision.bundleRevision()).isEqualTo("r7");
    }

    @Test
    void notGzipNotOpaOrWithoutDecisionIdIsRefused() throws Exception {
        assertThatThrownBy(() -> OpaDecisionLog.read(new ByteArrayInputStream("PK\u0003garbage".getBytes(StandardCharsets.UTF_8)),
                true)).hasMessageContaining("gzip");
        // A body the HTTP layer already decompressed is read as it is.
        assertThat(OpaDecisionLog.read(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), true)).hasSize(1);
        assertThatThrownBy(() -> OpaDecisionLog.read(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), false))
                .hasMessageContaining("JSON array");
        assertThatThrownBy(() -> OpaDecisionLog.read(new ByteArrayInputStream("[{\"path\":\"x\"}]".getBytes(StandardCharsets.UTF_8)),
                false)).hasMessageContaining("decision_id");
    }

    /** A caller's malformed input (OPA denies it) is still recorded, and never poisons the batch OPA would retry. */
    @Test
    void anEventWithAMalformedInputIsRecordedWithoutItsWrongTypedFields() throws Exception {
        String batch = """
                [{"decision_id":"d-1","path":"dive/authz/decision","input":{"subject":{"uniqueID":["not","a","string"],
                   "clearance":5,"countryOfAffiliation":{"free":"text"}},"action":7,"resource":"flat","context":[]},
                  "result":{"allow":"yes","reasons":[{"code":3},{"code":"INPUT_INVALID"}]},"erased":[1,"/input/x"],
                  "bundles":[],"timestamp":42},
                 {"decision_id":"d-2","path":"dive/kas/decision","input":"not an object","result":true}]
                """;
        List<Decision> decisions = OpaDecisionLog.read(new ByteArrayInputStream(gzip(batch)), true);
        assertThat(decisions).extracting(Decision::id).containsExactly("d-1", "d-2");
        Decision first = decisions.get(0);
        assertThat(first.subject()).isNull();
        assertThat(first.classification()).isNull();
        assertThat(first.outcome()).isEqualTo("DENY");
        assertThat(first.reasons()).containsExactly("INPUT_INVALID");
        assertThat(first.erased()).containsExactly("/input/x");
        assertThat(decisions.get(1).outcome()).isEqualTo("PERMIT");
    }

    @Test
    void aDecompressionBombIsRefused() throws Exception {
        byte[] bomb = gzip("[" + " ".repeat(OpaDecisionLog.MAX_BYTES + 10) + "]");
        assertThatThrownBy(() -> OpaDecisionLog.read(new ByteArrayInputStream(bomb), true)).hasMessageContaining("larger");
    }

    @Test
    void theTokenMustMatchExactly() {
        DecisionLogToken token = new DecisionLogToken("s3cret");
        assertThat(token.matches("Bearer s3cret")).isTrue();
        assertThat(token.matches("bearer s3cret")).isTrue();
        assertThat(token.matches("Bearer s3cre")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(new DecisionLogToken(null).matches("Bearer ")).isFalse();
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
