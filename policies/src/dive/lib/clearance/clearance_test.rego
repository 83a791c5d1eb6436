package dive.lib.clearance_test

import data.dive.fixtures_test as f
import data.dive.lib.clearance

# A UK user cleared CONFIDENTIAL before 2014: the mapper says clearanceStatus "legacy".
legacy_user := object.union(
	f.subject("GBR", "CONFIDENTIAL"),
	{"clearanceOriginal": "CONFIDENTIAL", "clearanceStatus": "legacy"},
)

codes(subject, classification) := {v.code | some v in clearance.violations with input as f.request(
	subject,
	f.resource(classification, ["NATO"]),
	"read",
)}

refused(subject, classification) := result if {
	result := codes(subject, classification) with data.dive.config.legacy_clearance_allowed as false
}

test_a_legacy_clearance_counts_by_default if {
	codes(legacy_user, "CONFIDENTIAL") == set()
	codes(legacy_user, "SECRET") == {"INSUFFICIENT_CLEARANCE"}
}

test_a_deployment_can_refuse_legacy_clearances if {
	refused(legacy_user, "RESTRICTED") == {"LEGACY_CLEARANCE"}
	refused(legacy_user, "CONFIDENTIAL") == {"LEGACY_CLEARANCE"}
}

test_a_refused_legacy_clearance_still_sees_unclassified if {
	refused(legacy_user, "UNCLASSIFIED") == set()
}

test_current_clearances_are_not_affected_by_the_tunable if {
	current := object.union(f.subject("USA", "CONFIDENTIAL"), {"clearanceStatus": "current"})
	refused(current, "CONFIDENTIAL") == set()
	refused(f.subject("USA", "CONFIDENTIAL"), "CONFIDENTIAL") == set()
}

test_the_refusal_names_the_marking if {
	some v in clearance.violations with input as f.request(legacy_user, f.resource("SECRET", ["NATO"]), "read")
		with data.dive.config.legacy_clearance_allowed as false
	v.code == "LEGACY_CLEARANCE"
	contains(v.message, "CONFIDENTIAL is a legacy marking")
}

test_an_uncleared_subject_is_not_cleared if {
	codes(object.remove(f.subject("USA", "SECRET"), {"clearance"}), "RESTRICTED") == {"NOT_CLEARED"}
	codes(object.remove(f.subject("USA", "SECRET"), {"clearance"}), "UNCLASSIFIED") == set()
}
