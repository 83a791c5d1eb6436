# METADATA
# title: DIVE authorization decision
# description: |
#   May subject S do action A on resource R? Input and output shapes are the public contract of
#   SPEC §6. The coalition rules (clearance, releasability, COI, ...) build on this default deny.
package dive.authz

# Default deny: nothing is allowed unless a rule below says so, and every deny carries a reason.
default decision := {
	"allow": false,
	"reasons": [{
		"code": "NO_RULE_ALLOWS",
		"message": "No DIVE authorization rule allows this request.",
	}],
	"obligations": [],
}
