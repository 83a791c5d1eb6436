package io.dive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link JsonTree} reads and writes as Jackson's {@code ObjectMapper} does by default (what it replaces on the tool's path). */
class JsonTreeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"é\\u0001\\\"\\\\/\",\"e\":[]},\"f\":{}}",
        "[1,-2,2147483648,-9223372036854775809,12345678901234567890123,1.5,-0.0,1e300,2.5E-7]",
        "\"text\"", "42", "null", "{\"emoji\":\"\uD83D\uDE00\",\"tab\":\"\\t\"}"})
    void readsAndWritesAsTheObjectMapperDoes(String json) throws Exception {
        JsonNode expected = MAPPER.readTree(json);
        JsonNode read = JsonTree.read(json);
        assertThat(read).isEqualTo(expected);
        assertThat(JsonTree.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(JsonTree.write(read)).isEqualTo(MAPPER.writeValueAsString(expected));
        assertThat(JsonTree.writeBytes(read)).isEqualTo(MAPPER.writeValueAsBytes(expected));
        assertThat(JsonTree.writePretty(read)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(expected));
    }

    @Test
    void emptyTextIsMissingAndWhatFollowsTheFirstValueIsIgnored() throws Exception {
        assertThat(JsonTree.read("").isMissingNode()).isTrue();
        assertThat(JsonTree.read("  ")).isEqualTo(MAPPER.readTree("  "));
        assertThat(JsonTree.read("{\"a\":1} x")).isEqualTo(MAPPER.readTree("{\"a\":1} x"));
    }

    @Test
    void aRepeatedMemberIsRefusedAtAnyDepth() {
        for (String repeated : new String[] {"{\"x\":1,\"x\":2}", "{\"a\":{\"x\":\"SECRET\",\"x\":\"UNCLASSIFIED\"}}",
            "[{\"x\":1},{\"y\":1,\"y\":1}]"}) {
            assertThatThrownBy(() -> JsonTree.read(repeated)).as(repeated).isInstanceOf(JsonProcessingException.class)
                    .hasMessageContaining("repeated member");
        }
    }

    @Test
    void malformedJsonIsAParseError() {
        for (String bad : new String[] {"{", "{\"a\":}", "[1,]", "{'a':1}", "tru"}) {
            assertThatThrownBy(() -> JsonTree.read(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
        }
    }
}
