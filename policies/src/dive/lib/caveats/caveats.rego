# METADATA
# title: Caveats
# description: |
#   Handling caveats on a resource, each bound to a rule in data.dive.config.caveats. An unknown
#   caveat denies: nobody can honour a restriction the policy does not understand.
package dive.lib.caveats

import data.dive.lib.reasons

violations contains reasons.reason("UNKNOWN_CAVEAT", sprintf("caveat %v is not known to the policy", [caveat])) if {
	some caveat in input.resource.caveats
	not data.dive.config.caveats[caveat]
}

violations contains reasons.reason("CAVEAT_NOT_SATISFIED", msg) if {
	input.subject.countryOfAffiliation != object.get(input.resource, "originatingCountry", "")
	some caveat in input.resource.caveats
	data.dive.config.caveats[caveat] == "originator_nationals_only"
	msg := sprintf("caveat %v restricts the resource to nationals of its originating country", [caveat])
}

violations contains reasons.reason("CAVEAT_NOT_SATISFIED", msg) if {
	not object.get(input.subject, "organizationType", null) in {"GOV", "MIL"}
	some caveat in input.resource.caveats
	data.dive.config.caveats[caveat] == "government_only"
	msg := sprintf("caveat %v restricts the resource to government and military users", [caveat])
}
