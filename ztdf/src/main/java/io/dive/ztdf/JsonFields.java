package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Reads a JSON tree field by field. A defect names the field by its path (e.g.
 * {@code requests[0].keyAccessObjects[1].keyAccessObject.url}); fields not asked for are ignored,
 * so that what OpenTDF adds later is tolerated. A JSON {@code null} counts as absent.
 */
final class JsonFields {

    static final JsonFields MANIFEST = new JsonFields(ZtdfException.Reason.MALFORMED_MANIFEST);
    static final JsonFields MESSAGE = new JsonFields(ZtdfException.Reason.MALFORMED_MESSAGE);

    private final ZtdfException.Reason reason;

    private JsonFields(ZtdfException.Reason reason) {
        this.reason = reason;
    }

    /** The path of {@code field} inside the object at {@code path}. */
    static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The path of element {@code index} of the array at {@code path}. */
    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    JsonNode object(JsonNode node, String field, String path) throws ZtdfException {
        return required(node, field, path, JsonNode::isObject, "an object");
    }

    /** The object, or null when absent. */
    JsonNode optionalObject(JsonNode node, String field, String path) throws ZtdfException {
        return optional(node, field, path, JsonNode::isObject, "an object");
    }

    JsonNode array(JsonNode node, String field, String path) throws ZtdfException {
        return required(node, field, path, JsonNode::isArray, "an array");
    }

    /** An element of an array that must be an object. */
    JsonNode element(JsonNode array, int index, String path) throws ZtdfException {
        JsonNode value = array.get(index);
        if (value == null || !value.isObject()) {
            throw malformed(at(path, index), "is not an object");
        }
        return value;
    }

    String text(JsonNode node, String field, String path) throws ZtdfException {
        return required(node, field, path, JsonNode::isTextual, "a string").textValue();
    }

    /** The string, or {@code fallback} when absent. */
    String optionalText(JsonNode node, String field, String path, String fallback) throws ZtdfException {
        JsonNode value = optional(node, field, path, JsonNode::isTextual, "a string");
        return value == null ? fallback : value.textValue();
    }

    int integer(JsonNode node, String field, String path) throws ZtdfException {
        return required(node, field, path, value -> value.isIntegralNumber() && value.canConvertToInt(), "an integer").intValue();
    }

    private JsonNode required(JsonNode node, String field, String path, Predicate<JsonNode> type, String what)
            throws ZtdfException {
        JsonNode value = present(node, field);
        if (value == null || !type.test(value)) {
            throw malformed(at(path, field), "is missing or not " + what);
        }
        return value;
    }

    private JsonNode optional(JsonNode node, String field, String path, Predicate<JsonNode> type, String what)
            throws ZtdfException {
        JsonNode value = present(node, field);
        if (value != null && !type.test(value)) {
            throw malformed(at(path, field), "is not " + what);
        }
        return value;
    }

    /** The bytes of base64 {@code value} read from {@code path}. */
    byte[] base64(String value, String path) throws ZtdfException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed(path, "is not base64");
        }
    }

    ZtdfException malformed(String path, String problem) {
        return new ZtdfException(reason, path + " " + problem);
    }

    private static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }
}
