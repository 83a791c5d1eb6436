# METADATA
# title: Input validation
# description: |
#   The input contract of SPEC §6. Every malformed or missing part yields a reason; a decision is
#   only ever allowed when this set is empty.
package dive.lib.validation

import data.dive.lib.clock
import data.dive.lib.reasons
import data.dive.reference

organization_types := {"GOV", "MIL", "INDUSTRY"}

# METADATA
# description: True for a string with at least one non-space character.
non_empty_string(value) if {
	is_string(value)
	trim_space(value) != ""
}

# METADATA
# description: True for an array whose every element is a string.
string_array(value) if {
	is_array(value)
	every element in value {
		is_string(element)
	}
}

# METADATA
# description: True for an RFC 3339 timestamp.
rfc3339(value) if {
	is_string(value)
	_ := time.parse_rfc3339_ns(value)
}

# Fields are read through object.get with explicit defaults and through rules: in Rego, `not f(x)`
# is undefined (not true) when x is undefined, so a check on a missing field would silently pass.
# The input is never bound as a whole: copying it costs more than the whole policy.
subject_is_object if is_object(input.subject)

resource_is_object if is_object(input.resource)

context_is_object if is_object(object.get(input, "context", {}))

# METADATA
# description: A field of the subject, null when absent.
subject_field(key) := object.get(input.subject, key, null)

# METADATA
# description: A field of the resource, null when absent.
resource_field(key) := object.get(input.resource, key, null)

subject_has(key) if key in object.keys(input.subject)

resource_has(key) if key in object.keys(input.resource)

errors contains reasons.reason("SUBJECT_MISSING", "input.subject must be an object") if not subject_is_object

errors contains reasons.reason("RESOURCE_MISSING", "input.resource must be an object") if not resource_is_object

errors contains reasons.reason("ACTION_INVALID", "input.action must be one of data.dive.config.actions") if {
	not object.get(input, "action", null) in data.dive.config.actions
}

errors contains reasons.reason("CONTEXT_INVALID", "input.context must be an object") if not context_is_object

errors contains reasons.reason("CONTEXT_INVALID", "input.context.time must be an RFC 3339 timestamp") if {
	context_is_object
	"time" in object.keys(object.get(input, "context", {}))
	not rfc3339(input.context.time)
}

# Subject.

errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.uniqueID must be a non-empty string") if {
	subject_is_object
	not non_empty_string(subject_field("uniqueID"))
}

errors contains reasons.reason(
	"SUBJECT_ATTRIBUTE_INVALID",
	"subject.countryOfAffiliation must be an ISO 3166-1 alpha-3 code",
) if {
	subject_is_object
	not reference.country_index[subject_field("countryOfAffiliation")]
}

# A missing clearance means uncleared (SPEC §3); a present one must be a normalized level.
errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.clearance must be a normalized level name") if {
	subject_is_object
	subject_has("clearance")
	not reference.level_rank[input.subject.clearance]
}

errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.clearanceStatus must be current or legacy") if {
	subject_is_object
	subject_has("clearanceStatus")
	not input.subject.clearanceStatus in {"current", "legacy"}
}

errors contains reasons.reason(
	"SUBJECT_ATTRIBUTE_INVALID",
	sprintf("subject.%s must be an array of strings", [key]),
) if {
	some key in ["acpCOI", "amr"]
	subject_is_object
	subject_has(key)
	not string_array(input.subject[key])
}

errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.acr must be a string") if {
	subject_is_object
	subject_has("acr")
	not is_string(input.subject.acr)
}

errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.auth_time must be a number (epoch seconds)") if {
	subject_is_object
	subject_has("auth_time")
	not is_number(input.subject.auth_time)
}

errors contains reasons.reason(
	"SUBJECT_ATTRIBUTE_INVALID",
	"subject.organizationType must be GOV, MIL or INDUSTRY",
) if {
	subject_is_object
	subject_has("organizationType")
	not input.subject.organizationType in organization_types
}

# Resource.

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", "resource.resourceId must be a non-empty string") if {
	resource_is_object
	not non_empty_string(resource_field("resourceId"))
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	"resource.classification must be a normalized level name",
) if {
	resource_is_object
	not reference.level_rank[resource_field("classification")]
}

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", "resource.releasableTo must be an array of strings") if {
	resource_is_object
	not string_array(resource_field("releasableTo"))
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	sprintf("resource.%s must be an array of strings", [key]),
) if {
	some key in ["coi", "caveats"]
	resource_is_object
	resource_has(key)
	not string_array(input.resource[key])
}

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", "resource.coiOperator must be ALL or ANY") if {
	resource_is_object
	resource_has("coiOperator")
	not input.resource.coiOperator in {"ALL", "ANY"}
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	sprintf("resource.%s must be an RFC 3339 timestamp", [key]),
) if {
	some key in ["creationDate", "embargoUntil"]
	resource_is_object
	resource_has(key)
	not rfc3339(input.resource[key])
}

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", sprintf("resource.%s must be a boolean", [key])) if {
	some key in ["releasableToIndustry", "encrypted", "integrityVerified"]
	resource_is_object
	resource_has(key)
	not is_boolean(input.resource[key])
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	"resource.originatingCountry must be an ISO 3166-1 alpha-3 code",
) if {
	resource_is_object
	resource_has("originatingCountry")
	not reference.country_index[input.resource.originatingCountry]
}

# The evaluation time must be known for the time-based rules to be meaningful.
errors contains reasons.reason("CONTEXT_INVALID", "the evaluation time could not be determined") if not clock.now_ns
