package io.dive.ztdf;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one JSON reader and writer of the OpenTDF protocol model: key access objects (in manifests and
 * rewrap requests), rewrap requests and responses, the signed request envelope and the KAS public
 * key. Field names are OpenTDF's; fields this reader does not know are ignored; a malformed field is
 * a {@link ZtdfException} ({@code MALFORMED_MESSAGE}, or {@code MALFORMED_MANIFEST} in a manifest)
 * naming it. Over 300 lines on purpose (it is not split): one class, so that each shape has its reader and its writer
 * next to each other and no second JSON dialect can grow elsewhere.
 */
public final class OpenTdfJson {

    private static final JsonFields MESSAGE = JsonFields.MESSAGE;

    private OpenTdfJson() {
    }

    /** Only for JWK members (the KAS's side): the tool never builds a mapper (see {@link JsonTree}). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    // ---- key access objects ------------------------------------------------------------------

    /** Reads a key access object at {@code path}; {@code policyBinding} may be a bare string (legacy files). */
    static KeyAccessObject keyAccessObject(JsonNode node, String path, JsonFields fields) throws ZtdfException {
        String typeName = fields.text(node, "type", path);
        KeyAccessType type = KeyAccessType.fromJsonName(typeName).orElseThrow(() -> new ZtdfException(
                ZtdfException.Reason.UNSUPPORTED, JsonFields.at(path, "type") + " '" + clean(typeName)
                        + "' is not a supported key access type (wrapped or ec-wrapped)"));
        return new KeyAccessObject(type, fields.text(node, "url", path),
                fields.optionalText(node, "protocol", path, KeyAccessObject.PROTOCOL), fields.text(node, "wrappedKey", path),
                policyBinding(node, path, fields), fields.optionalText(node, "kid", path, ""),
                fields.optionalText(node, "sid", path, ""), fields.optionalText(node, "ephemeralPublicKey", path, null),
                fields.optionalText(node, "encryptedMetadata", path, null));
    }

    private static PolicyBinding policyBinding(JsonNode kao, String path, JsonFields fields) throws ZtdfException {
        JsonNode binding = kao.get("policyBinding");
        if (binding != null && binding.isTextual()) {
            return new PolicyBinding(PolicyBinding.HS256, binding.textValue());
        }
        JsonNode object = fields.object(kao, "policyBinding", path);
        String at = JsonFields.at(path, "policyBinding");
        return new PolicyBinding(fields.optionalText(object, "alg", at, PolicyBinding.HS256), fields.text(object, "hash", at));
    }

    static ObjectNode tree(KeyAccessObject kao) {
        ObjectNode node = JsonTree.object();
        node.put("type", kao.type().jsonName()).put("url", kao.url()).put("protocol", kao.protocol())
                .put("wrappedKey", kao.wrappedKey()).put("kid", kao.kid()).put("sid", kao.sid());
        if (kao.ephemeralPublicKey() != null) {
            node.put("ephemeralPublicKey", kao.ephemeralPublicKey());
        }
        node.putObject("policyBinding").put("alg", kao.policyBinding().alg()).put("hash", kao.policyBinding().hash());
        if (kao.encryptedMetadata() != null) {
            node.put("encryptedMetadata", kao.encryptedMetadata());
        }
        return node;
    }

    public static String writeKeyAccessObject(KeyAccessObject kao) {
        return JsonTree.write(tree(kao));
    }

    public static KeyAccessObject readKeyAccessObject(String json) throws ZtdfException {
        return keyAccessObject(root(json, "keyAccessObject"), "keyAccessObject", MESSAGE);
    }

    // ---- rewrap request ----------------------------------------------------------------------

    public static String writeRewrapRequest(RewrapRequest request) {
        ObjectNode body = JsonTree.object().put("clientPublicKey", request.clientPublicKey());
        if (request.legacy()) {
            RewrapRequest.PolicyRequest only = request.requests().get(0);
            body.put("policy", only.policy().body());
            algorithm(body, only.algorithm());
            body.set("keyAccess", tree(only.keyAccessObjects().get(0).keyAccessObject()));
            return JsonTree.write(body);
        }
        ArrayNode requests = body.putArray("requests");
        for (RewrapRequest.PolicyRequest policyRequest : request.requests()) {
            ObjectNode item = requests.addObject();
            algorithm(item, policyRequest.algorithm());
            item.putObject("policy").put("id", policyRequest.policy().id()).put("body", policyRequest.policy().body());
            ArrayNode kaos = item.putArray("keyAccessObjects");
            policyRequest.keyAccessObjects().forEach(kao -> kaos.addObject()
                    .put("keyAccessObjectId", kao.keyAccessObjectId()).set("keyAccessObject", tree(kao.keyAccessObject())));
        }
        return JsonTree.write(body);
    }

    private static void algorithm(ObjectNode node, KeyAlgorithm algorithm) {
        if (algorithm != null) {
            node.put("algorithm", algorithm.openTdfName());
        }
    }

    /** Reads a v2 body, or a v1 body (no {@code requests}) as one request with one key access object. */
    public static RewrapRequest readRewrapRequest(String json) throws ZtdfException {
        JsonNode body = root(json, "requestBody");
        String clientKey = MESSAGE.optionalText(body, "clientPublicKey", "", "");
        if (!body.has("requests")) {
            KeyAccessObject kao = keyAccessObject(MESSAGE.object(body, "keyAccess", ""), "keyAccess", MESSAGE);
            return RewrapRequest.legacy(clientKey, requestAlgorithm(body, ""), MESSAGE.optionalText(body, "policy", "", ""), kao);
        }
        JsonNode all = MESSAGE.array(body, "requests", "");
        List<RewrapRequest.PolicyRequest> requests = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String path = JsonFields.at("requests", i);
            JsonNode item = MESSAGE.element(all, i, "requests");
            JsonNode policy = MESSAGE.object(item, "policy", path);
            String policyPath = JsonFields.at(path, "policy");
            JsonNode kaos = MESSAGE.array(item, "keyAccessObjects", path);
            String kaosPath = JsonFields.at(path, "keyAccessObjects");
            List<RewrapRequest.KeyAccessItem> items = new ArrayList<>();
            for (int j = 0; j < kaos.size(); j++) {
                JsonNode entry = MESSAGE.element(kaos, j, kaosPath);
                String entryPath = JsonFields.at(kaosPath, j);
                items.add(new RewrapRequest.KeyAccessItem(MESSAGE.optionalText(entry, "keyAccessObjectId", entryPath, ""),
                        keyAccessObject(MESSAGE.object(entry, "keyAccessObject", entryPath),
                                JsonFields.at(entryPath, "keyAccessObject"), MESSAGE)));
            }
            requests.add(new RewrapRequest.PolicyRequest(new RewrapRequest.Policy(
                    MESSAGE.optionalText(policy, "id", policyPath, ""), MESSAGE.optionalText(policy, "body", policyPath, "")),
                    requestAlgorithm(item, path), items));
        }
        return new RewrapRequest(clientKey, requests, false);
    }

    /** The {@code algorithm} hint: null when absent or empty. */
    private static KeyAlgorithm requestAlgorithm(JsonNode node, String path) throws ZtdfException {
        String name = MESSAGE.optionalText(node, "algorithm", path, "");
        if (name.isEmpty()) {
            return null;
        }
        return KeyAlgorithm.fromOpenTdfName(name).orElseThrow(() -> MESSAGE.malformed(JsonFields.at(path, "algorithm"),
                "'" + clean(name) + "' is not rsa:2048 or ec:secp256r1"));
    }

    // ---- rewrap response ---------------------------------------------------------------------

    public static String writeRewrapResponse(RewrapResponse response) {
        ObjectNode body = JsonTree.object();
        if (response.sessionPublicKey() != null) {
            body.put("sessionPublicKey", response.sessionPublicKey());
        }
        ArrayNode responses = body.putArray("responses");
        for (RewrapResponse.PolicyResult policy : response.responses()) {
            ArrayNode results = responses.addObject().put("policyId", policy.policyId()).putArray("results");
            for (RewrapResponse.KeyAccessResult result : policy.results()) {
                ObjectNode node = results.addObject().put("keyAccessObjectId", result.keyAccessObjectId())
                        .put("status", result.status().jsonName());
                if (result.permitted()) {
                    node.put("kasWrappedKey", result.kasWrappedKey());
                } else {
                    node.put("error", result.error());
                }
                node.set("metadata", metadata(result.metadata()));
            }
        }
        return JsonTree.write(body);
    }

    public static String writeLegacyRewrapResponse(RewrapResponse.Legacy legacy) {
        ObjectNode body = JsonTree.object();
        if (legacy.entityWrappedKey() != null) {
            body.put("entityWrappedKey", legacy.entityWrappedKey());
            if (legacy.sessionPublicKey() != null) {
                body.put("sessionPublicKey", legacy.sessionPublicKey());
            }
        } else {
            body.put("error", legacy.error());
        }
        return JsonTree.write(body.set("metadata", metadata(legacy.metadata())));
    }

    private static ObjectNode metadata(RewrapResponse.Metadata metadata) {
        ObjectNode node = JsonTree.object();
        if (metadata.failure() != null) {
            node.put("failure", metadata.failure());
        }
        if (metadata.reasons() != null) {
            ArrayNode reasons = node.putArray("reasons");
            metadata.reasons().forEach(reason -> reasons.addObject().put("code", reason.code()).put("message", reason.message()));
        }
        return node;
    }

    public static RewrapResponse readRewrapResponse(String json) throws ZtdfException {
        JsonNode body = root(json, "response");
        JsonNode all = MESSAGE.array(body, "responses", "");
        List<RewrapResponse.PolicyResult> policies = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String path = JsonFields.at("responses", i);
            JsonNode policy = MESSAGE.element(all, i, "responses");
            JsonNode results = MESSAGE.array(policy, "results", path);
            List<RewrapResponse.KeyAccessResult> list = new ArrayList<>();
            for (int j = 0; j < results.size(); j++) {
                list.add(result(MESSAGE.element(results, j, JsonFields.at(path, "results")),
                        JsonFields.at(JsonFields.at(path, "results"), j)));
            }
            policies.add(new RewrapResponse.PolicyResult(MESSAGE.optionalText(policy, "policyId", path, ""), list));
        }
        return new RewrapResponse(MESSAGE.optionalText(body, "sessionPublicKey", "", null), policies);
    }

    private static RewrapResponse.KeyAccessResult result(JsonNode node, String path) throws ZtdfException {
        String status = MESSAGE.text(node, "status", path);
        RewrapResponse.Status parsed = status.equals(RewrapResponse.Status.PERMIT.jsonName()) ? RewrapResponse.Status.PERMIT
                : status.equals(RewrapResponse.Status.FAIL.jsonName()) ? RewrapResponse.Status.FAIL : null;
        if (parsed == null) {
            throw MESSAGE.malformed(JsonFields.at(path, "status"), "'" + clean(status) + "' is not permit or fail");
        }
        JsonNode metadata = MESSAGE.optionalObject(node, "metadata", path);
        return new RewrapResponse.KeyAccessResult(MESSAGE.optionalText(node, "keyAccessObjectId", path, ""), parsed,
                MESSAGE.optionalText(node, "kasWrappedKey", path, null), MESSAGE.optionalText(node, "error", path, null),
                metadata == null ? RewrapResponse.Metadata.NONE : metadata(metadata, JsonFields.at(path, "metadata")));
    }

    private static RewrapResponse.Metadata metadata(JsonNode node, String path) throws ZtdfException {
        List<RewrapResponse.Reason> reasons = null;
        if (node.hasNonNull("reasons")) {
            JsonNode array = MESSAGE.array(node, "reasons", path);
            reasons = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode reason = MESSAGE.element(array, i, JsonFields.at(path, "reasons"));
                String at = JsonFields.at(JsonFields.at(path, "reasons"), i);
                reasons.add(new RewrapResponse.Reason(MESSAGE.text(reason, "code", at), MESSAGE.optionalText(reason, "message", at, "")));
            }
        }
        return new RewrapResponse.Metadata(MESSAGE.optionalText(node, "failure", path, null), reasons);
    }

    // ---- envelope, public key, errors --------------------------------------------------------

    /** {@code {"signedRequestToken": token}}: the body of a rewrap POST. */
    static String envelope(String signedRequestToken) {
        return JsonTree.write(JsonTree.object().put("signedRequestToken", signedRequestToken));
    }

    static String signedRequestToken(String envelope) throws ZtdfException {
        return MESSAGE.text(root(envelope, "body"), "signedRequestToken", "");
    }

    public static String writePublicKeyResponse(PublicKeyResponse key) {
        ObjectNode body = JsonTree.object();
        if (key.pem() != null) {
            body.put("publicKey", key.pem());
        } else {
            body.set("publicKey", Mapper.JSON.valueToTree(key.jwk()));
        }
        body.put("kid", key.kid());
        if (key.algorithm() != null) {
            body.put("algorithm", key.algorithm().openTdfName());
        }
        if (key.wrapAlgorithm() != null) {
            body.put("wrapAlgorithm", key.wrapAlgorithm().jwkAlg());
        }
        return JsonTree.write(body);
    }

    public static PublicKeyResponse readPublicKeyResponse(String json) throws ZtdfException {
        JsonNode body = root(json, "response");
        JsonNode key = body.get("publicKey");
        Map<String, Object> jwk = key != null && key.isObject() ? Mapper.JSON.convertValue(key, new TypeReference<>() { }) : null;
        String algorithmName = MESSAGE.optionalText(body, "algorithm", "", null);
        String wrap = MESSAGE.optionalText(body, "wrapAlgorithm", "", null);
        try {
            return new PublicKeyResponse(jwk == null ? MESSAGE.text(body, "publicKey", "") : null, jwk,
                    MESSAGE.optionalText(body, "kid", "", ""),
                    algorithmName == null ? null : KeyAlgorithm.fromOpenTdfName(algorithmName).orElseThrow(
                            () -> MESSAGE.malformed("algorithm", "'" + clean(algorithmName) + "' is not rsa:2048 or ec:secp256r1")),
                    wrap == null ? null : KeyWrapping.OaepHash.fromJwkAlg(wrap));
        } catch (IllegalArgumentException e) {
            throw MESSAGE.malformed("wrapAlgorithm", e.getMessage());
        }
    }

    /** The members of a JWK object (e.g. Keycloak's {@code JWK}) for {@link PublicKeyResponse#jwk()}, nulls kept. */
    public static Map<String, Object> jwkMembers(Object jwk) {
        return Mapper.JSON.convertValue(jwk, new TypeReference<>() { });
    }

    /**
     * What a KAS error body says: DIVE's OAuth-style {@code {"error": code, "error_description": text}}
     * gives the description, a body with only {@code error} gives that.
     */
    public static Optional<String> readError(String json) throws ZtdfException {
        JsonNode body = root(json, "response");
        String description = MESSAGE.optionalText(body, "error_description", "", null);
        return Optional.ofNullable(description != null ? description : MESSAGE.optionalText(body, "error", "", null));
    }

    /** Parses a JSON object; anything else is malformed {@code what}. */
    static JsonNode root(String json, String what) throws ZtdfException {
        JsonNode node;
        try {
            node = JsonTree.read(json == null ? "" : json);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw MESSAGE.malformed(what, "is not a JSON object");
        }
        return node;
    }

    /** For messages: a value from the wire, without control characters and at most 40 characters. */
    static String clean(String value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
