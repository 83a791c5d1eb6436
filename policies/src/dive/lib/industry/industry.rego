# METADATA
# title: Industry access
# description: |
#   INDUSTRY subjects see a resource only when it is marked releasable to industry, and never
#   above their nation's cap (industry_classification_cap; default CONFIDENTIAL).
package dive.lib.industry

import data.dive.lib.clearance
import data.dive.lib.reasons

caps := data.dive.config.industry_classification_cap

cap := object.get(caps.by_country, input.subject.countryOfAffiliation, caps["default"])

violations contains reasons.reason("INDUSTRY_NOT_RELEASABLE", "the resource is not releasable to industry") if {
	input.subject.organizationType == "INDUSTRY"
	object.get(input.resource, "releasableToIndustry", false) != true
}

violations contains reasons.reason("INDUSTRY_CLASSIFICATION_CAP", msg) if {
	input.subject.organizationType == "INDUSTRY"
	clearance.resource_rank > clearance.rank(cap)
	msg := sprintf("industry users of %v may not see resources above %v", [input.subject.countryOfAffiliation, cap])
}
