package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ZTDF policy object ({@code uuid}, {@code body.dataAttributes}, {@code body.dissem}) and the
 * one mapping between a {@link SecurityLabel} and attribute FQNs
 * ({@code https://dive.coalition/attr/<name>/value/<value>}). The KAS sees only the policy (bound to
 * the data key); the client sees the label assertion too and checks both say the same.
 *
 * @param uuid the policy id
 * @param label the label the attributes describe
 */
public record PolicyObject(String uuid, SecurityLabel label) {

    public static final String NAMESPACE = "https://dive.coalition/attr/";
    static final String CLASSIFICATION = "classification";
    static final String RELEASABLE_TO = "releasableTo";
    static final String COI = "coi";
    static final String CAVEAT = "caveat";
    static final String ORIGINATOR = "originator";
    static final String CREATION_TIME = "creationTime";
    private static final int MAX_POLICY_CHARS = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The attribute FQNs of a label, in a stable order. */
    public static List<String> attributes(SecurityLabel label) {
        List<String> fqns = new ArrayList<>();
        fqns.add(fqn(CLASSIFICATION, label.classification()));
        label.releasableTo().forEach(value -> fqns.add(fqn(RELEASABLE_TO, value)));
        label.coi().forEach(value -> fqns.add(fqn(COI, value)));
        label.caveats().forEach(value -> fqns.add(fqn(CAVEAT, value)));
        fqns.add(fqn(ORIGINATOR, label.originator()));
        fqns.add(fqn(CREATION_TIME, label.creationTime()));
        return fqns;
    }

    /** The base64 policy object, as written into the manifest and covered by the policy binding. */
    public String toBase64() {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("uuid", uuid);
        ObjectNode body = policy.putObject("body");
        ArrayNode attributes = body.putArray("dataAttributes");
        attributes(label).forEach(attribute -> attributes.addObject().put("attribute", attribute));
        ArrayNode dissem = body.putArray("dissem");
        label.releasableTo().forEach(dissem::add);
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(policy));
        } catch (IOException e) {
            throw new IllegalStateException("a policy object always serializes", e);
        }
    }

    /**
     * Parses a base64 policy strictly: JSON object, a uuid, DIVE attributes only, exactly one
     * classification, originator and creation time.
     *
     * @throws ZtdfException {@code MALFORMED_MANIFEST} with what is wrong
     */
    public static PolicyObject parse(String base64Policy) throws ZtdfException {
        if (base64Policy == null || base64Policy.isEmpty() || base64Policy.length() > MAX_POLICY_CHARS) {
            throw malformed("the policy is missing or longer than " + MAX_POLICY_CHARS + " characters");
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(Base64.getDecoder().decode(base64Policy));
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("the policy is not base64 JSON");
        }
        if (policy == null || !policy.isObject() || !policy.path("uuid").isTextual() || policy.path("uuid").asText().isEmpty()) {
            throw malformed("the policy has no uuid");
        }
        JsonNode attributes = policy.path("body").path("dataAttributes");
        if (!attributes.isArray()) {
            throw malformed("the policy has no body.dataAttributes array");
        }
        Map<String, List<String>> values = new TreeMap<>();
        for (JsonNode attribute : attributes) {
            String fqn = attribute.isObject() ? attribute.path("attribute").asText("") : "";
            if (!fqn.startsWith(NAMESPACE)) {
                throw malformed("the policy holds an attribute this KAS cannot evaluate: '" + abbreviate(fqn) + "'");
            }
            String[] parts = fqn.substring(NAMESPACE.length()).split("/", -1);
            if (parts.length != 3 || !"value".equals(parts[1]) || parts[2].isEmpty()) {
                throw malformed("malformed attribute '" + abbreviate(fqn) + "'");
            }
            String value;
            try {
                value = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw malformed("malformed attribute value in '" + abbreviate(fqn) + "'");
            }
            values.computeIfAbsent(parts[0], name -> new ArrayList<>()).add(value);
        }
        for (String name : values.keySet()) {
            if (!List.of(CLASSIFICATION, RELEASABLE_TO, COI, CAVEAT, ORIGINATOR, CREATION_TIME).contains(name)) {
                throw malformed("unknown attribute '" + abbreviate(name) + "'");
            }
        }
        try {
            SecurityLabel label = new SecurityLabel(single(values, CLASSIFICATION), values.getOrDefault(RELEASABLE_TO, List.of()),
                    values.get(COI), values.get(CAVEAT), single(values, ORIGINATOR), single(values, CREATION_TIME));
            return new PolicyObject(policy.path("uuid").asText(), label);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw malformed("the policy's attributes are not a valid label: " + e.getMessage());
        }
    }

    private static String single(Map<String, List<String>> values, String name) throws ZtdfException {
        List<String> found = values.get(name);
        if (found == null || found.size() != 1) {
            throw malformed("the policy must hold exactly one " + name + " attribute");
        }
        return found.get(0);
    }

    private static String fqn(String name, String value) {
        return NAMESPACE + name + "/value/" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }

    private static ZtdfException malformed(String message) {
        return new ZtdfException(ZtdfException.Reason.MALFORMED_MANIFEST, message);
    }
}
