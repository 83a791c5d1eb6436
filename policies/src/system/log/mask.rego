# METADATA
# title: What of a decision's input leaves OPA in its decision log
# description: |
#   OPA ships every decision to DIVE's audit endpoint (decision_logs); this mask runs first, with
#   the log event as input. Only the fields of DIVE's decision input contract (DecisionInput in
#   opa-client) stay: anything else a caller sends (a token, a signed request, document content,
#   free text) is erased, and OPA lists what it erased in the event. A key whose name cannot be a
#   JSON pointer segment erases its whole section.
package system.log

# The decision input's sections and the fields each may keep.
sections := {
	"subject": {
		"uniqueID", "clearance", "clearanceOriginal", "clearanceCountry", "countryOfAffiliation", "acpCOI",
		"organizationType", "acr", "amr", "auth_time", "issuer", "clearanceStatus", "idp",
	},
	"action": set(),
	"resource": {
		"resourceId", "classification", "releasableTo", "coi", "coiOperator", "caveats", "creationDate",
		"embargoUntil", "releasableToIndustry", "originatingCountry", "encrypted", "integrityVerified",
	},
	"context": {"time", "requestId", "sessionId"},
}

# METADATA
# scope: document
# description: The JSON pointers OPA erases from the logged event.
mask contains sprintf("/input/%s", [key]) if {
	some key, _ in input.input
	not sections[key]
	pointer_segment(key)
}

mask contains "/input" if {
	some key, _ in input.input
	not pointer_segment(key)
}

mask contains sprintf("/input/%s/%s", [section, key]) if {
	some [section, key] in unknown_fields
	pointer_segment(key)
}

mask contains sprintf("/input/%s", [section]) if {
	some [section, key] in unknown_fields
	not pointer_segment(key)
}

# Pairs [section, field] of fields a known section may not keep.
unknown_fields contains [section, key] if {
	some section, fields in sections
	is_object(input.input[section])
	some key, _ in input.input[section]
	not key in fields
}

pointer_segment(key) if regex.match(`^[A-Za-z0-9_.-]+$`, key)
