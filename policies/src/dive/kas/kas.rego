# METADATA
# title: DIVE key-release decision
# description: |
#   May the Key Access Service release the data key of this ZTDF policy to this subject? Same
#   input and output contract as dive.authz (SPEC §6); fails closed.
package dive.kas

# Default deny: no key is released unless a rule below says so.
default decision := {
	"allow": false,
	"reasons": [{
		"code": "NO_RULE_ALLOWS",
		"message": "No DIVE key-release rule allows this request.",
	}],
	"obligations": [],
}
