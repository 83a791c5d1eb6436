# METADATA
# title: Authentication
# description: |
#   The subject must have authenticated (auth_time), recently enough (max_auth_age_seconds), and
#   strongly enough for the classification: from strong_authentication.from_classification up,
#   acr at least min_acr and one of amr_any_of in amr (acr "2" + otp).
package dive.lib.authentication

import data.dive.lib.clearance
import data.dive.lib.clock
import data.dive.lib.reasons
import data.dive.reference

# In nanoseconds, integers only: dividing the clock down to seconds makes OPA compute with decimals,
# which cost more than the rest of this package together.
auth_time_ns := input.subject.auth_time * 1000000000

max_auth_age_ns := data.dive.config.max_auth_age_seconds * 1000000000

# METADATA
# description: |
#   True when the authentication is strong enough for the resource's classification: acr and amr
#   meet the configured strength, or the classification does not call for it (for dive.lib.usual,
#   which checks auth_time itself). One rule with else: a strongly authenticated subject (the usual
#   one) needs no second body.
strength_ok if {
	strong := data.dive.config.strong_authentication
	to_number(input.subject.acr) >= strong.min_acr
	some method in strong.amr_any_of
	method in input.subject.amr
} else if {
	not strong_authentication_required
}

# METADATA
# description: True when the resource's classification calls for strong authentication.
strong_authentication_required if {
	clearance.resource_rank >= reference.level_rank[data.dive.config.strong_authentication.from_classification]
}

violations contains reasons.reason(
	"NOT_AUTHENTICATED",
	"the subject carries no auth_time",
) if {
	not input.subject.auth_time
}

violations contains reasons.reason("AUTHENTICATION_STALE", msg) if {
	clock.now_ns - auth_time_ns > max_auth_age_ns
	msg := sprintf("the subject authenticated more than %v seconds ago", [data.dive.config.max_auth_age_seconds])
}

violations contains reasons.reason("AUTHENTICATION_IN_FUTURE", "the subject's auth_time lies in the future") if {
	auth_time_ns > clock.now_ns + clock.skew_ns
}

violations contains reasons.reason("AUTHENTICATION_TOO_WEAK", msg) if {
	strong_authentication_required
	not strength_ok
	msg := sprintf("%v requires acr >= %v and one of %v in amr", [
		input.resource.classification,
		data.dive.config.strong_authentication.min_acr,
		data.dive.config.strong_authentication.amr_any_of,
	])
}
