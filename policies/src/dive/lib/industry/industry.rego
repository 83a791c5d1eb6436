# METADATA
# title: Industry access
# description: |
#   INDUSTRY subjects see a resource only when it is marked releasable to industry, and never
#   above their nation's cap (industry_classification_cap; default CONFIDENTIAL). A subject whose
#   organization type is unknown (absent, or dropped by the mapper as invalid) could be industry:
#   it sees UNCLASSIFIED resources only, so the industry rules fail closed.
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

violations contains reasons.reason("ORGANIZATION_TYPE_MISSING", msg) if {
	object.get(input.subject, "organizationType", null) == null
	clearance.resource_rank > 0
	msg := sprintf("the subject has no organization type; %s requires one", [input.resource.classification])
}
