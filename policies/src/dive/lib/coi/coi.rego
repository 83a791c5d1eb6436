# METADATA
# title: Communities of interest
# description: |
#   A COI-restricted resource requires membership: all of its COIs (operator ALL, the default) or
#   one of them (ANY). A subject without COI never satisfies a COI-restricted resource. Mutually
#   exclusive COIs on one resource make it invalid.
package dive.lib.coi

import data.dive.lib.reasons
import data.dive.reference

resource_cois := {coi | some coi in input.resource.coi}

subject_cois := {coi | some coi in input.subject.acpCOI}

operator := object.get(input.resource, "coiOperator", "ALL")

# METADATA
# scope: document
# description: |
#   True for the usual resources, which violations would find nothing on: one known COI the subject
#   holds (one COI cannot conflict, and ALL and ANY agree on it), or no COI. Anything else is left
#   to the rules below. [coi] matches a list of exactly one.
ok if {
	[coi] := input.resource.coi
	reference.cois[coi]
	coi in input.subject.acpCOI
} else if {
	count(object.get(input.resource, "coi", [])) == 0
}

# METADATA
# description: The violations; empty, without evaluating a rule below, when ok holds.
violations_found := set() if ok

else := violations

violations contains reasons.reason("INVALID_COI", msg) if {
	unknown := {coi | some coi in resource_cois; not reference.cois[coi]}
	count(unknown) > 0
	msg := sprintf("resource.coi names COIs the registry does not know: %v", [sort(unknown)])
}

# A conflict needs two COIs; most resources carry one or none, so the pairs are not scanned then.
violations contains reasons.reason("COI_CONFLICT", msg) if {
	count(resource_cois) > 1
	some pair in reference.mutually_exclusive_cois
	every coi in pair {
		coi in resource_cois
	}
	msg := sprintf("resource.coi holds mutually exclusive COIs %v", [pair])
}

violations contains reasons.reason(
	"COI_NOT_SATISFIED",
	"the resource is COI-restricted and the subject holds no COI",
) if {
	count(resource_cois) > 0
	count(subject_cois) == 0
}

violations contains reasons.reason("COI_NOT_SATISFIED", msg) if {
	operator == "ALL"
	count(subject_cois) > 0
	missing := resource_cois - subject_cois
	count(missing) > 0
	msg := sprintf("the subject lacks COI membership %v (all are required)", [sort(missing)])
}

violations contains reasons.reason("COI_NOT_SATISFIED", msg) if {
	operator == "ANY"
	count(resource_cois) > 0
	count(subject_cois) > 0
	count(resource_cois & subject_cois) == 0
	msg := sprintf("the subject holds none of the COIs %v", [sort(resource_cois)])
}
