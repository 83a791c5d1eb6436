package dive.lib.authentication_test

import data.dive.fixtures_test as f
import data.dive.lib.authentication

codes(subject_fields, classification) := {v.code | some v in authentication.violations with input as f.request(
	object.union(f.subject("USA", "TOP_SECRET"), subject_fields),
	f.resource(classification, ["USA"]),
	"read",
)}

test_otp_at_acr_2_is_strong_enough if {
	codes({}, "TOP_SECRET") == set()
}

test_a_hardware_key_is_strong_enough if {
	codes({"acr": "3", "amr": ["hwk"]}, "SECRET") == set()
}

test_password_only_is_enough_below_confidential if {
	codes({"acr": "1", "amr": ["pwd"]}, "RESTRICTED") == set()
	codes({"acr": "1", "amr": ["pwd"]}, "CONFIDENTIAL") == {"AUTHENTICATION_TOO_WEAK"}
}

test_acr_and_amr_are_both_required if {
	codes({"acr": "2", "amr": ["pwd"]}, "SECRET") == {"AUTHENTICATION_TOO_WEAK"}
	codes({"acr": "1", "amr": ["pwd", "otp"]}, "SECRET") == {"AUTHENTICATION_TOO_WEAK"}
	codes({"acr": "two", "amr": ["otp"]}, "SECRET") == {"AUTHENTICATION_TOO_WEAK"}
}

test_the_threshold_is_configurable if {
	violations := authentication.violations with input as f.request(
		object.union(f.subject("USA", "TOP_SECRET"), {"acr": "1", "amr": ["pwd"]}),
		f.resource("CONFIDENTIAL", ["USA"]),
		"read",
	)
		with data.dive.config.strong_authentication as object.union(
			data.dive.config.strong_authentication,
			{"from_classification": "SECRET"},
		)
	violations == set()
}

test_a_subject_must_have_authenticated if {
	request := f.request(object.remove(f.subject("USA", "SECRET"), {"auth_time"}), f.resource("SECRET", ["USA"]), "read")
	{v.code | some v in authentication.violations with input as request} == {"NOT_AUTHENTICATED"}
}

test_authentication_must_be_fresh if {
	codes({"auth_time": f.now_seconds - 43300}, "UNCLASSIFIED") == {"AUTHENTICATION_STALE"}
	codes({"auth_time": f.now_seconds - 43000}, "UNCLASSIFIED") == set()
}

test_authentication_cannot_lie_in_the_future if {
	codes({"auth_time": f.now_seconds + 3600}, "UNCLASSIFIED") == {"AUTHENTICATION_IN_FUTURE"}
	codes({"auth_time": f.now_seconds + 60}, "UNCLASSIFIED") == set()
}
