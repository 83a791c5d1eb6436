# METADATA
# title: Input validation
# description: |
#   The input contract of SPEC §6. Every malformed or missing part yields a reason; a decision is
#   only ever allowed when this set is empty.
package dive.lib.validation

import data.dive.lib.clock
import data.dive.lib.reasons
import data.dive.reference

levels := {level | some level in reference.levels}

countries := {country | some country in reference.countries}

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

present(obj, key) if key in object.keys(obj)

# Fields are read with object.get and explicit defaults: in Rego, `not f(x)` is undefined (not
# true) when x is undefined, so a check on a missing field would silently pass.
default doc := {}

doc := input if is_object(input)

subject := object.get(doc, "subject", null)

resource := object.get(doc, "resource", null)

context := object.get(doc, "context", {})

# METADATA
# description: A field of the subject, null when absent.
subject_field(key) := object.get(subject, key, null)

# METADATA
# description: A field of the resource, null when absent.
resource_field(key) := object.get(resource, key, null)

errors contains reasons.reason("SUBJECT_MISSING", "input.subject must be an object") if not is_object(subject)

errors contains reasons.reason("RESOURCE_MISSING", "input.resource must be an object") if not is_object(resource)

errors contains reasons.reason("ACTION_INVALID", "input.action must be one of data.dive.config.actions") if {
	not object.get(doc, "action", null) in {action | some action in data.dive.config.actions}
}

errors contains reasons.reason("CONTEXT_INVALID", "input.context must be an object") if not is_object(context)

errors contains reasons.reason("CONTEXT_INVALID", "input.context.time must be an RFC 3339 timestamp") if {
	present(context, "time")
	not rfc3339(context.time)
}

# Subject.

errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.uniqueID must be a non-empty string") if {
	is_object(subject)
	not non_empty_string(subject_field("uniqueID"))
}

errors contains reasons.reason(
	"SUBJECT_ATTRIBUTE_INVALID",
	"subject.countryOfAffiliation must be an ISO 3166-1 alpha-3 code",
) if {
	is_object(subject)
	not subject_field("countryOfAffiliation") in countries
}

# A missing clearance means uncleared (SPEC §3); a present one must be a normalized level.
errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.clearance must be a normalized level name") if {
	present(subject, "clearance")
	not subject.clearance in levels
}

errors contains reasons.reason(
	"SUBJECT_ATTRIBUTE_INVALID",
	sprintf("subject.%s must be an array of strings", [key]),
) if {
	some key in ["acpCOI", "amr"]
	present(subject, key)
	not string_array(subject[key])
}

errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.acr must be a string") if {
	present(subject, "acr")
	not is_string(subject.acr)
}

errors contains reasons.reason("SUBJECT_ATTRIBUTE_INVALID", "subject.auth_time must be a number (epoch seconds)") if {
	present(subject, "auth_time")
	not is_number(subject.auth_time)
}

errors contains reasons.reason(
	"SUBJECT_ATTRIBUTE_INVALID",
	"subject.organizationType must be GOV, MIL or INDUSTRY",
) if {
	present(subject, "organizationType")
	not subject.organizationType in organization_types
}

# Resource.

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", "resource.resourceId must be a non-empty string") if {
	is_object(resource)
	not non_empty_string(resource_field("resourceId"))
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	"resource.classification must be a normalized level name",
) if {
	is_object(resource)
	not resource_field("classification") in levels
}

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", "resource.releasableTo must be an array of strings") if {
	is_object(resource)
	not string_array(resource_field("releasableTo"))
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	sprintf("resource.%s must be an array of strings", [key]),
) if {
	some key in ["coi", "caveats"]
	present(resource, key)
	not string_array(resource[key])
}

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", "resource.coiOperator must be ALL or ANY") if {
	present(resource, "coiOperator")
	not resource.coiOperator in {"ALL", "ANY"}
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	sprintf("resource.%s must be an RFC 3339 timestamp", [key]),
) if {
	some key in ["creationDate", "embargoUntil"]
	present(resource, key)
	not rfc3339(resource[key])
}

errors contains reasons.reason("RESOURCE_ATTRIBUTE_INVALID", sprintf("resource.%s must be a boolean", [key])) if {
	some key in ["releasableToIndustry", "encrypted", "integrityVerified"]
	present(resource, key)
	not is_boolean(resource[key])
}

errors contains reasons.reason(
	"RESOURCE_ATTRIBUTE_INVALID",
	"resource.originatingCountry must be an ISO 3166-1 alpha-3 code",
) if {
	present(resource, "originatingCountry")
	not resource.originatingCountry in countries
}

# The evaluation time must be known for the time-based rules to be meaningful.
errors contains reasons.reason("CONTEXT_INVALID", "the evaluation time could not be determined") if not clock.now_ns
