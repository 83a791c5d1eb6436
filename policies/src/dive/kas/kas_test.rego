package dive.kas_test

import data.dive.fixtures_test as f
import data.dive.kas

secret_rel_usa_gbr := object.union(f.resource("SECRET", ["USA", "GBR"]), {"encrypted": true})

decrypt(country, clearance, resource) := f.request(f.subject(country, clearance), resource, "decrypt")

test_usa_secret_user_with_otp_gets_the_key if {
	decision := kas.decision with input as decrypt("USA", "SECRET", secret_rel_usa_gbr)
	decision.allow == true
	decision.reasons == []
}

test_fra_secret_user_gets_no_key_for_rel_usa_gbr if {
	decision := kas.decision with input as decrypt("FRA", "SECRET", secret_rel_usa_gbr)
	f.codes(decision) == {"NOT_RELEASABLE"}
}

test_usa_confidential_user_gets_no_key_for_secret if {
	decision := kas.decision with input as decrypt("USA", "CONFIDENTIAL", secret_rel_usa_gbr)
	f.codes(decision) == {"INSUFFICIENT_CLEARANCE"}
}

test_key_release_follows_the_legacy_clearance_tunable if {
	subject := object.union(
		f.subject("SWE", "SECRET"),
		{"clearanceOriginal": "HEMLIG/SECRET", "clearanceStatus": "legacy"},
	)
	request := f.request(subject, object.union(f.resource("SECRET", ["SWE"]), {"encrypted": true}), "decrypt")
	allowed := kas.decision with input as request
	allowed.allow == true
	refused := kas.decision with input as request with data.dive.config.legacy_clearance_allowed as false
	f.codes(refused) == {"LEGACY_CLEARANCE"}
}

test_no_key_without_an_organization_type if {
	subject := object.remove(f.subject("USA", "SECRET"), {"organizationType"})
	decision := kas.decision with input as f.request(subject, secret_rel_usa_gbr, "decrypt")
	f.codes(decision) == {"ORGANIZATION_TYPE_MISSING"}
}

test_integrity_is_not_a_condition_of_key_release if {
	decision := kas.decision with input as decrypt("GBR", "SECRET", secret_rel_usa_gbr)
	decision.allow == true
}

test_only_decrypt_is_decided if {
	decision := kas.decision with input as f.request(f.subject("USA", "SECRET"), secret_rel_usa_gbr, "read")
	f.codes(decision) == {"ACTION_INVALID"}
}

test_key_release_needs_strong_authentication if {
	subject := object.union(f.subject("USA", "SECRET"), {"acr": "1", "amr": ["pwd"]})
	decision := kas.decision with input as f.request(subject, secret_rel_usa_gbr, "decrypt")
	f.codes(decision) == {"AUTHENTICATION_TOO_WEAK"}
}

test_malformed_input_releases_no_key if {
	decision := kas.decision with input as {"subject": {}, "action": "decrypt"}
	decision.allow == false
	"RESOURCE_MISSING" in f.codes(decision)
	"SUBJECT_ATTRIBUTE_INVALID" in f.codes(decision)
}

test_clearance_table_for_key_release if {
	every i, clearance in f.levels {
		every j, classification in f.levels {
			resource := f.resource(classification, ["NATO"])
			decision := kas.decision with input as decrypt("POL", clearance, resource)
			expected := i >= j
			decision.allow == expected
		}
	}
}

test_an_evaluation_failure_releases_no_key if {
	decision := kas.decision with input as decrypt("USA", "SECRET", secret_rel_usa_gbr)
		with data.dive.lib.validation.errors_found as 7
		with data.dive.lib.usual.request as false
	decision.allow == false
	f.codes(decision) == {"POLICY_ERROR"}
}

test_a_us_citizen_asserted_by_the_ita_idp_gets_no_key if {
	impersonated := object.union(f.subject("USA", "SECRET"), {"idp": "ita"})
	decision := kas.decision with input as f.request(impersonated, secret_rel_usa_gbr, "decrypt")
	f.codes(decision) == {"IDP_NOT_TRUSTED_FOR_COUNTRY"}
	american := object.union(f.subject("USA", "SECRET"), {"idp": "usa"})
	honest := kas.decision with input as f.request(american, secret_rel_usa_gbr, "decrypt")
	honest.allow == true
}
