# METADATA
# title: Clearance dominance
# description: |
#   The subject's normalized clearance must dominate the resource classification. A subject without
#   a clearance is uncleared: it may see UNCLASSIFIED resources only (SPEC §3).
package dive.lib.clearance

import data.dive.lib.reasons
import data.dive.reference

# METADATA
# description: The rank of a normalized level (0 = UNCLASSIFIED).
rank(level) := reference.level_rank[level]

resource_rank := rank(input.resource.classification)

violations contains reasons.reason("NOT_CLEARED", msg) if {
	not input.subject.clearance
	resource_rank > 0
	msg := sprintf("the subject holds no recognised clearance; %s requires one", [input.resource.classification])
}

violations contains reasons.reason("INSUFFICIENT_CLEARANCE", msg) if {
	rank(input.subject.clearance) < resource_rank
	msg := sprintf(
		"clearance %s does not dominate classification %s",
		[input.subject.clearance, input.resource.classification],
	)
}
