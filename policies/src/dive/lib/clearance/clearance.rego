# METADATA
# title: Clearance dominance
# description: |
#   The subject's normalized clearance must dominate the resource classification. A subject without
#   a clearance is uncleared: it may see UNCLASSIFIED resources only. A legacy clearance
#   (subject.clearanceStatus "legacy": a marking no longer issued) counts unless
#   data.dive.config.legacy_clearance_allowed is false; then the subject is treated as uncleared.
package dive.lib.clearance

import data.dive.lib.reasons
import data.dive.reference

# METADATA
# description: The rank of a normalized level (0 = UNCLASSIFIED).
rank(level) := reference.level_rank[level]

# Looked up directly: a function call costs several µs on the path of every decision.
resource_rank := reference.level_rank[input.resource.classification]

# METADATA
# description: |
#   The reason when the subject's (current) clearance does not dominate the classification; also
#   the whole deny of the usual request (dive.lib.usual), which asks for it alone. Written as an
#   object, not through reasons.reason: a function call costs more than the rest of the rule.
insufficient := {"code": "INSUFFICIENT_CLEARANCE", "message": msg} if {
	reference.level_rank[input.subject.clearance] < resource_rank
	msg := sprintf(
		"clearance %s does not dominate classification %s",
		[input.subject.clearance, input.resource.classification],
	)
}

violations contains reasons.reason("NOT_CLEARED", msg) if {
	not input.subject.clearance
	resource_rank > 0
	msg := sprintf("the subject holds no recognised clearance; %s requires one", [input.resource.classification])
}

violations contains insufficient

violations contains reasons.reason("LEGACY_CLEARANCE", msg) if {
	input.subject.clearanceStatus == "legacy"
	object.get(data.dive.config, "legacy_clearance_allowed", true) != true
	resource_rank > 0
	msg := sprintf(
		"the subject's clearance %v is a legacy marking, which this deployment does not accept for %s",
		[object.get(input.subject, "clearanceOriginal", input.subject.clearance), input.resource.classification],
	)
}
