# METADATA
# title: Embargo
# description: |
#   A resource is unavailable before resource.embargoUntil, and a resource whose creationDate lies
#   in the future is suspect; both with the tolerated clock skew.
package dive.lib.embargo

import data.dive.lib.clock
import data.dive.lib.reasons

violations contains reasons.reason("EMBARGOED", msg) if {
	clock.now_ns < time.parse_rfc3339_ns(input.resource.embargoUntil) - clock.skew_ns
	msg := sprintf("the resource is embargoed until %v", [input.resource.embargoUntil])
}

violations contains reasons.reason("CREATION_DATE_IN_FUTURE", msg) if {
	time.parse_rfc3339_ns(input.resource.creationDate) > clock.now_ns + clock.skew_ns
	msg := sprintf("the resource's creationDate %v lies in the future", [input.resource.creationDate])
}
