# METADATA
# title: DIVE key-release decision
# description: |
#   May the Key Access Service release the data key of this ZTDF policy to this subject? Same input
#   and output contract as dive.authz, evaluated for the action "decrypt". Integrity is not
#   a condition here: it is checked by the client once the key has unwrapped the payload.
# entrypoint: true
package dive.kas

import data.dive.lib.authentication
import data.dive.lib.caveats
import data.dive.lib.clearance
import data.dive.lib.coi
import data.dive.lib.embargo
import data.dive.lib.industry
import data.dive.lib.reasons
import data.dive.lib.releasability
import data.dive.lib.trust
import data.dive.lib.usual
import data.dive.lib.validation

# Only if evaluating the rules below fails does this answer; no key is released.
default decision := {
	"allow": false,
	"reasons": [{"code": "POLICY_ERROR", "message": "the key-release policy could not evaluate this input"}],
	"obligations": [],
}

# The usual request first (dive.lib.usual): clearance dominance alone decides, and a deny's only
# reason is clearance.insufficient (the usual request holds a current clearance). Otherwise
# malformed input denies with the validation reasons only, and valid input asks every package.
decision := {"allow": true, "reasons": [], "obligations": []} if {
	usual.request
	input.action == "decrypt"
	usual.cleared
} else := {"allow": false, "reasons": [clearance.insufficient], "obligations": []} if {
	usual.request
	input.action == "decrypt"
} else := {"allow": false, "reasons": sort(validation.errors_found), "obligations": []} if {
	count(validation.errors_found) > 0
} else := {"allow": count(violations) == 0, "reasons": sort(violations), "obligations": []} if {
	count(validation.errors_found) == 0
}

# The KAS asks for one thing only.
action_violations contains reasons.reason(
	"ACTION_INVALID",
	"the key-release decision is made for action decrypt only",
) if {
	not input.action == "decrypt"
}

violations := union({
	action_violations,
	clearance.violations,
	releasability.violations_found,
	coi.violations_found,
	caveats.violations,
	embargo.violations,
	authentication.violations,
	industry.violations,
	trust.violations,
})
