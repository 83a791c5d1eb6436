# METADATA
# title: Input validation
# description: |
#   The input contract. Every malformed or missing part yields a reason; a decision is
#   only ever allowed when this set is empty. The subject's and the resource's fields are checked
#   against a table (data.dive.config.input_contract: field -> type, the required fields, what each
#   type expects), which names every malformed field. A decision first asks ok, the same contract
#   written out as one rule body (a function call per field costs more than the whole body), and
#   builds reasons only when ok fails; a test holds ok to the table field by field.
package dive.lib.validation

import data.dive.lib.clock
import data.dive.lib.reasons
import data.dive.reference

contract := data.dive.config.input_contract

# METADATA
# description: |
#   True when the input meets the contract, i.e. errors is empty. An optional field that is absent
#   reads as a valid value of its type (the object.union defaults); null is present and fails. No
#   function and no rule but the clock is called: each costs several µs, a built-in expression a
#   fraction of one. A built-in that fails (concat of a non-string, a time that does not parse, a field of a
#   subject that is not an object) leaves its expression undefined, so ok fails. One body on
#   purpose, longer than Regal's rule-length (.regal/config.yaml).
ok if {
	input.action in data.dive.config.actions
	enums := data.dive.config.input_contract.enums

	# Absent optional fields read as these valid values; object.union also fails for a non-object.
	subject := object.union(
		{
			"clearance": "UNCLASSIFIED", "clearanceStatus": "current", "acpCOI": [], "amr": [], "acr": "",
			"auth_time": 0, "organizationType": "GOV",
		},
		input.subject,
	)
	trim_space(subject.uniqueID) != ""
	reference.country_index[subject.countryOfAffiliation]
	reference.level_rank[subject.clearance]
	enums.clearance_status[subject.clearanceStatus]
	is_string(subject.acr)
	is_number(subject.auth_time)
	enums.organization_type[subject.organizationType]

	resource := object.union(
		{
			"coi": [], "caveats": [], "coiOperator": "ALL", "creationDate": "1970-01-01T00:00:00Z",
			"embargoUntil": "1970-01-01T00:00:00Z", "releasableToIndustry": false, "encrypted": false,
			"integrityVerified": false, "originatingCountry": "USA",
		},
		input.resource,
	)
	trim_space(resource.resourceId) != ""
	reference.level_rank[resource.classification]

	# Every string array of both parts at once: array.concat fails unless both are arrays, concat
	# unless every element is a string (array.flatten would accept a string where an array belongs).
	# regal ignore:use-array-flatten
	is_string(concat("", array.concat(
		array.concat(subject.acpCOI, subject.amr),
		# regal ignore:use-array-flatten
		array.concat(array.concat(resource.releasableTo, resource.coi), resource.caveats),
	)))
	enums.coi_operator[resource.coiOperator]
	is_number(time.parse_rfc3339_ns(resource.creationDate))
	is_number(time.parse_rfc3339_ns(resource.embargoUntil))
	is_boolean(resource.releasableToIndustry)
	is_boolean(resource.encrypted)
	is_boolean(resource.integrityVerified)
	reference.country_index[resource.originatingCountry]

	# A string time defines the clock only when it parses; an absent one leaves the server clock.
	# object.get fails for a context that is not an object.
	is_string(object.get(object.get(input, "context", {}), "time", ""))
	clock.now_ns
}

# METADATA
# description: The reasons the input breaks the contract; empty, without building any, when ok holds.
errors_found := set() if ok

else := errors

# METADATA
# scope: document
# description: True when value has the contract type named type (a field-type name of the table).
valid("non_empty_string", value) if {
	is_string(value)
	trim_space(value) != ""
}

valid("country", value) if reference.country_index[value]

valid("level", value) if reference.level_rank[value]

valid("clearance_status", value) if contract.enums.clearance_status[value]

valid("organization_type", value) if contract.enums.organization_type[value]

valid("coi_operator", value) if contract.enums.coi_operator[value]

# Every element a string, without a Rego step per element: concat is undefined for anything else.
valid("string_array", value) if {
	is_array(value)
	is_string(concat("", value))
}

valid("string", value) if is_string(value)

valid("epoch_seconds", value) if is_number(value)

valid("boolean", value) if is_boolean(value)

valid("rfc3339", value) if {
	is_string(value)
	is_number(time.parse_rfc3339_ns(value))
}

# METADATA
# description: The reason for a field of part (subject, resource) that is not of its contract type.
invalid_field(part, key) := reasons.reason(
	contract[part].code,
	sprintf("%s.%s must be %s", [part, key, contract.expected[contract[part].fields[key]]]),
)

# Read through rules: `not is_object(input.subject)` would be undefined, not true, without a subject.
subject_is_object if is_object(input.subject)

resource_is_object if is_object(input.resource)

errors contains reasons.reason("SUBJECT_MISSING", "input.subject must be an object") if not subject_is_object

errors contains reasons.reason("RESOURCE_MISSING", "input.resource must be an object") if not resource_is_object

errors contains reasons.reason("ACTION_INVALID", "input.action must be one of data.dive.config.actions") if {
	not object.get(input, "action", null) in data.dive.config.actions
}

# A field the contract does not name is ignored; null counts as present and invalid.
errors contains invalid_field(part, key) if {
	some part in ["subject", "resource"]
	some key, value in input[part]
	field_type := contract[part].fields[key]
	not valid(field_type, value)
}

# A missing required field gets the same reason as an invalid one (the set holds it once). The
# count of the required fields present answers the usual case without a step per field.
errors contains invalid_field(part, key) if {
	some part in ["subject", "resource"]
	is_object(input[part])
	count(object.filter(input[part], contract[part].required)) < count(contract[part].required)
	some key in contract[part].required
	object.get(input[part], key, null) == null
}

errors contains reasons.reason("CONTEXT_INVALID", "input.context must be an object") if {
	not is_object(object.get(input, "context", {}))
}

errors contains reasons.reason("CONTEXT_INVALID", "input.context.time must be an RFC 3339 timestamp") if {
	t := input.context.time
	not valid("rfc3339", t)
}

# The evaluation time must be known for the time-based rules to be meaningful.
errors contains reasons.reason("CONTEXT_INVALID", "the evaluation time could not be determined") if not clock.now_ns
