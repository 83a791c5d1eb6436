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

now_seconds := clock.now_ns / 1000000000

# METADATA
# description: True when the resource's classification calls for strong authentication.
strong_authentication_required if {
	clearance.resource_rank >= clearance.rank(data.dive.config.strong_authentication.from_classification)
}

# METADATA
# description: True when acr and amr meet the configured strength.
strongly_authenticated if {
	to_number(input.subject.acr) >= data.dive.config.strong_authentication.min_acr
	some method in input.subject.amr
	method in data.dive.config.strong_authentication.amr_any_of
}

violations contains reasons.reason(
	"NOT_AUTHENTICATED",
	"the subject carries no auth_time",
) if {
	not input.subject.auth_time
}

violations contains reasons.reason("AUTHENTICATION_STALE", msg) if {
	now_seconds - input.subject.auth_time > data.dive.config.max_auth_age_seconds
	msg := sprintf("the subject authenticated more than %v seconds ago", [data.dive.config.max_auth_age_seconds])
}

violations contains reasons.reason("AUTHENTICATION_IN_FUTURE", "the subject's auth_time lies in the future") if {
	input.subject.auth_time > now_seconds + data.dive.config.clock_skew_seconds
}

violations contains reasons.reason("AUTHENTICATION_TOO_WEAK", msg) if {
	strong_authentication_required
	not strongly_authenticated
	msg := sprintf("%v requires acr >= %v and one of %v in amr", [
		input.resource.classification,
		data.dive.config.strong_authentication.min_acr,
		data.dive.config.strong_authentication.amr_any_of,
	])
}
