# METADATA
# title: The usual request, in one rule body
# description: |
#   Asking every package for its violations evaluates some forty rules, and on OPA 1.22 each rule
#   costs a few µs whatever it does. request holds for the usual request: the input meets the
#   contract and no package but clearance (and integrity, which only dive.authz asks) would find
#   a violation. Then clearance dominance alone decides, and the decisions answer without asking
#   the other packages. It is a sufficient condition only: when it fails, the decisions ask every
#   package as before, and a test compares decisions with it forced off.
package dive.lib.usual

import data.dive.lib.authentication
import data.dive.lib.clock
import data.dive.lib.coi
import data.dive.lib.releasability
import data.dive.lib.trust
import data.dive.lib.validation
import data.dive.reference

# METADATA
# description: |
#   True when the input is valid; the subject holds a current clearance (legacy ones are left to
#   the clearance rules), is government or military, is trusted by its identity provider, has
#   authenticated recently and strongly enough; the resource is releasable to the subject, its COI
#   is held, it carries no caveats and no embargo.
request if {
	validation.ok
	input.subject.clearance
	object.get(input.subject, "clearanceStatus", "current") == "current"
	input.subject.organizationType != "INDUSTRY"
	count(object.get(input.resource, "caveats", [])) == 0
	releasability.ok
	coi.ok
	authentication.strength_ok
	trusted

	# The authentication rules and the embargo's, on one reading of the clock.
	now := clock.now_ns
	latest := now + clock.skew_ns
	auth_ns := input.subject.auth_time * 1000000000
	now - auth_ns <= authentication.max_auth_age_ns
	auth_ns <= latest
	not input.resource.embargoUntil
	time.parse_rfc3339_ns(object.get(input.resource, "creationDate", "1970-01-01T00:00:00Z")) <= latest
}

# A local broker user (no idp) asserts nothing to check; a brokered one is checked in full.
trusted if {
	not input.subject.idp
} else if {
	count(trust.violations) == 0
}

# METADATA
# description: True when the subject's clearance dominates the resource's classification.
cleared if reference.level_rank[input.subject.clearance] >= reference.level_rank[input.resource.classification]
