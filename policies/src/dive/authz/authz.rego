# METADATA
# title: DIVE authorization decision
# description: |
#   May subject S do action A on resource R? Input and output are the public contract:
#   {allow, reasons: [{code, message}], obligations}. Default deny; malformed input denies with the
#   validation reasons only; otherwise every rule that fails contributes its reason.
# entrypoint: true
package dive.authz

import data.dive.lib.authentication
import data.dive.lib.caveats
import data.dive.lib.clearance
import data.dive.lib.coi
import data.dive.lib.embargo
import data.dive.lib.industry
import data.dive.lib.integrity
import data.dive.lib.releasability
import data.dive.lib.trust
import data.dive.lib.usual
import data.dive.lib.validation

# Only if evaluating the rules below fails does this answer; it still denies with a reason.
default decision := {
	"allow": false,
	"reasons": [{"code": "POLICY_ERROR", "message": "the authorization policy could not evaluate this input"}],
	"obligations": [],
}

# The usual request first (dive.lib.usual): clearance dominance alone decides, and a deny's only
# reason is clearance.insufficient (the usual request holds a current clearance). Otherwise
# malformed input denies with the validation reasons only, and valid input asks every package.
decision := {"allow": true, "reasons": [], "obligations": granted_obligations} if {
	usual.request
	integrity.ok
	usual.cleared
} else := {"allow": false, "reasons": [clearance.insufficient], "obligations": []} if {
	usual.request
	integrity.ok
} else := {"allow": false, "reasons": sort(validation.errors_found), "obligations": []} if {
	count(validation.errors_found) > 0
} else := {"allow": count(violations) == 0, "reasons": sort(violations), "obligations": obligations} if {
	count(validation.errors_found) == 0
}

violations := union({
	clearance.violations,
	releasability.violations_found,
	coi.violations_found,
	caveats.violations,
	embargo.violations,
	integrity.violations,
	authentication.violations,
	industry.violations,
	trust.violations,
})

# What a resource server must do when it grants access: show the resource's classification.
granted_obligations := [{"type": "display-classification", "classification": input.resource.classification}]

obligations := granted_obligations if count(violations) == 0

obligations := [] if count(violations) > 0
