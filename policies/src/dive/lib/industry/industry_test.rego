package dive.lib.industry_test

import data.dive.fixtures_test as f
import data.dive.lib.industry

industry_user(country) := object.union(f.subject(country, "SECRET"), {"organizationType": "INDUSTRY"})

codes(subject, classification, for_industry) := {v.code | some v in industry.violations with input as f.request(
	subject,
	object.union(f.resource(classification, ["NATO"]), {"releasableToIndustry": for_industry}),
	"read",
)}

test_industry_needs_a_resource_releasable_to_industry if {
	codes(industry_user("DEU"), "CONFIDENTIAL", false) == {"INDUSTRY_NOT_RELEASABLE"}
	codes(industry_user("DEU"), "CONFIDENTIAL", true) == set()
}

test_a_missing_industry_flag_means_not_releasable if {
	request := f.request(industry_user("DEU"), f.resource("RESTRICTED", ["NATO"]), "read")
	{v.code | some v in industry.violations with input as request} == {"INDUSTRY_NOT_RELEASABLE"}
}

test_industry_is_capped_at_confidential_by_default if {
	codes(industry_user("DEU"), "SECRET", true) == {"INDUSTRY_CLASSIFICATION_CAP"}
}

test_the_cap_is_set_per_nation if {
	violations := industry.violations with input as f.request(
		industry_user("USA"),
		object.union(f.resource("SECRET", ["NATO"]), {"releasableToIndustry": true}),
		"read",
	)
		with data.dive.config.industry_classification_cap as object.union(
			data.dive.config.industry_classification_cap,
			{"by_country": {"USA": "SECRET"}},
		)
	violations == set()
}

test_government_users_are_not_industry if {
	codes(f.subject("DEU", "SECRET"), "SECRET", false) == set()
}

# Issue 11 item 8: an unknown organization type could be industry, so the rules fail closed.
test_a_subject_without_organization_type_sees_unclassified_only if {
	unknown := object.remove(f.subject("DEU", "SECRET"), {"organizationType"})
	codes(unknown, "SECRET", true) == {"ORGANIZATION_TYPE_MISSING"}
	codes(unknown, "RESTRICTED", true) == {"ORGANIZATION_TYPE_MISSING"}
	codes(unknown, "UNCLASSIFIED", true) == set()
}

test_a_null_organization_type_is_missing if {
	unknown := object.union(f.subject("DEU", "SECRET"), {"organizationType": null})
	codes(unknown, "SECRET", false) == {"ORGANIZATION_TYPE_MISSING"}
}
