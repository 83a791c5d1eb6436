package io.dive.ztdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.model.JsonTree;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ZTDF policy object ({@code uuid}, {@code body.dataAttributes}, {@code body.dissem}) and the
 * one mapping between a {@link SecurityLabel} and attribute FQNs
 * ({@code https://dive.coalition/attr/<name>/value/<value>}, the name a label field, the value
 * percent-encoded). The KAS sees only the policy (bound to the data key); the client sees the label
 * assertion too and checks both say the same. A file of another OpenTDF producer carries no label
 * assertion: its label is the one {@link #parse} derives here, for the KAS and the client alike.
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
    static final String RELEASABLE_TO_INDUSTRY = "releasableToIndustry";
    static final String EMBARGO_UNTIL = "embargoUntil";
    private static final List<String> NAMES = List.of(CLASSIFICATION, RELEASABLE_TO, COI, CAVEAT, ORIGINATOR, CREATION_TIME,
            RELEASABLE_TO_INDUSTRY, EMBARGO_UNTIL);
    private static final int MAX_POLICY_CHARS = 256 * 1024;

    /** The attribute FQNs of a label, in a stable order. */
    public static List<String> attributes(SecurityLabel label) {
        List<String> fqns = new ArrayList<>();
        fqns.add(fqn(CLASSIFICATION, label.classification()));
        label.releasableTo().forEach(value -> fqns.add(fqn(RELEASABLE_TO, value)));
        label.coi().forEach(value -> fqns.add(fqn(COI, value)));
        label.caveats().forEach(value -> fqns.add(fqn(CAVEAT, value)));
        if (label.originator() != null) {
            fqns.add(fqn(ORIGINATOR, label.originator()));
        }
        if (label.creationTime() != null) {
            fqns.add(fqn(CREATION_TIME, label.creationTime()));
        }
        if (label.releasableToIndustry()) {
            fqns.add(fqn(RELEASABLE_TO_INDUSTRY, "true"));
        }
        if (label.embargoUntil() != null) {
            fqns.add(fqn(EMBARGO_UNTIL, label.embargoUntil()));
        }
        return fqns;
    }

    /** The base64 policy object, as written into the manifest and covered by the policy binding. */
    public String toBase64() {
        ObjectNode policy = JsonTree.object();
        policy.put("uuid", uuid);
        ObjectNode body = policy.putObject("body");
        ArrayNode attributes = body.putArray("dataAttributes");
        attributes(label).forEach(attribute -> attributes.addObject().put("attribute", attribute));
        ArrayNode dissem = body.putArray("dissem");
        label.releasableTo().forEach(dissem::add);
        return Base64.getEncoder().encodeToString(JsonTree.writeBytes(policy));
    }

    /**
     * Parses a base64 policy strictly: JSON object, a uuid, DIVE attributes only (each once), exactly
     * one classification, at most one originator, creation time, industry release and embargo.
     *
     * @throws ZtdfException {@code FOREIGN_ATTRIBUTE} naming every attribute of another namespace,
     *     {@code MALFORMED_MANIFEST} with what else is wrong
     */
    public static PolicyObject parse(String base64Policy) throws ZtdfException {
        if (base64Policy == null || base64Policy.isEmpty() || base64Policy.length() > MAX_POLICY_CHARS) {
            throw malformed("the policy is missing or longer than " + MAX_POLICY_CHARS + " characters");
        }
        JsonNode policy;
        try {
            policy = JsonTree.read(Base64.getDecoder().decode(base64Policy));
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
        Set<String> seen = new HashSet<>();
        List<String> foreign = new ArrayList<>();
        for (JsonNode attribute : attributes) {
            String fqn = attribute.path("attribute").isTextual() ? attribute.path("attribute").textValue() : "";
            if (fqn.isEmpty()) {
                throw malformed("an entry of body.dataAttributes has no attribute FQN");
            }
            if (!fqn.startsWith(NAMESPACE)) {
                foreign.add("'" + abbreviate(fqn) + "'");
                continue;
            }
            if (!seen.add(fqn)) {
                throw malformed("the policy holds attribute '" + abbreviate(fqn) + "' twice");
            }
            String[] parts = fqn.substring(NAMESPACE.length()).split("/", -1);
            if (parts.length != 3 || !"value".equals(parts[1]) || parts[2].isEmpty()) {
                throw malformed("malformed attribute '" + abbreviate(fqn) + "'");
            }
            if (!NAMES.contains(parts[0])) {
                throw malformed("unknown attribute '" + abbreviate(parts[0]) + "' (DIVE attributes are " + NAMES + ")");
            }
            values.computeIfAbsent(parts[0], name -> new ArrayList<>()).add(decode(parts[2], fqn));
        }
        if (!foreign.isEmpty()) {
            throw new ZtdfException(ZtdfException.Reason.FOREIGN_ATTRIBUTE, "the policy holds attributes outside the DIVE "
                    + "namespace " + NAMESPACE + ", which DIVE cannot evaluate: " + String.join(", ", foreign));
        }
        try {
            SecurityLabel label = new SecurityLabel(single(values, CLASSIFICATION), values.getOrDefault(RELEASABLE_TO, List.of()),
                    values.get(COI), values.get(CAVEAT), optional(values, ORIGINATOR), optional(values, CREATION_TIME),
                    industry(optional(values, RELEASABLE_TO_INDUSTRY)), optional(values, EMBARGO_UNTIL));
            return new PolicyObject(policy.path("uuid").asText(), label);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw malformed("the policy's attributes are not a valid label: " + e.getMessage());
        }
    }

    /** Percent-decoding as in a URL path: '+' is a plus sign (other OpenTDF producers escape values as path segments). */
    private static String decode(String value, String fqn) throws ZtdfException {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed("malformed attribute value in '" + abbreviate(fqn) + "'");
        }
    }

    private static boolean industry(String value) throws ZtdfException {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw malformed(RELEASABLE_TO_INDUSTRY + " must be true or false, was '" + abbreviate(value) + "'");
    }

    private static String optional(Map<String, List<String>> values, String name) throws ZtdfException {
        return values.containsKey(name) ? single(values, name) : null;
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
