package dive.authz_test

import data.dive.authz
import data.dive.fixtures_test as f
import data.dive.kas

secret_nato := f.resource("SECRET", ["NATO"])

# --- End-to-end decisions (issue 4 "must show") ---------------------------------------------------

test_esp_reservado_user_reads_secret_releasable_to_esp if {
	subject := object.union(f.subject("ESP", "SECRET"), {"clearanceOriginal": "RESERVADO"})
	decision := authz.decision with input as f.request(subject, f.resource("SECRET", ["ESP"]), "read")
	decision.allow == true
	decision.reasons == []
	decision.obligations == [{"type": "display-classification", "classification": "SECRET"}]
}

test_fra_confidential_user_is_denied_secret if {
	decision := authz.decision with input as f.read("FRA", "CONFIDENTIAL", secret_nato)
	decision.allow == false
	f.codes(decision) == {"INSUFFICIENT_CLEARANCE"}
	decision.obligations == []
}

test_gbr_user_is_denied_a_usa_only_resource if {
	decision := authz.decision with input as f.read("GBR", "TOP_SECRET", f.resource("SECRET", ["USA"]))
	f.codes(decision) == {"NOT_RELEASABLE"}
}

test_deu_secret_user_reads_secret_releasable_to_nato if {
	decision := authz.decision with input as f.read("DEU", "SECRET", secret_nato)
	decision.allow == true
}

test_user_without_coi_is_denied_nato_cosmic if {
	subject := object.union(f.subject("DEU", "TOP_SECRET"), {"acpCOI": []})
	resource := object.union(f.resource("TOP_SECRET", ["NATO"]), {"coi": ["NATO-COSMIC"]})
	decision := authz.decision with input as f.request(subject, resource, "read")
	f.codes(decision) == {"COI_NOT_SATISFIED"}
}

test_industry_user_is_denied_a_resource_not_releasable_to_industry if {
	subject := object.union(f.subject("USA", "CONFIDENTIAL"), {"organizationType": "INDUSTRY"})
	decision := authz.decision with input as f.request(subject, f.resource("CONFIDENTIAL", ["USA"]), "read")
	f.codes(decision) == {"INDUSTRY_NOT_RELEASABLE"}
}

test_a_legacy_gbr_confidential_user_reads_confidential_unless_the_deployment_refuses_legacy if {
	subject := object.union(f.subject("GBR", "CONFIDENTIAL"), {"clearanceStatus": "legacy"})
	request := f.request(subject, f.resource("CONFIDENTIAL", ["GBR"]), "read")
	allowed := authz.decision with input as request
	allowed.allow == true
	refused := authz.decision with input as request with data.dive.config.legacy_clearance_allowed as false
	f.codes(refused) == {"LEGACY_CLEARANCE"}
}

test_a_subject_whose_organization_type_was_dropped_is_denied_classified_resources if {
	subject := object.remove(f.subject("USA", "TOP_SECRET"), {"organizationType"})
	secret := authz.decision with input as f.request(subject, f.resource("SECRET", ["USA"]), "read")
	f.codes(secret) == {"ORGANIZATION_TYPE_MISSING"}
	unclassified := authz.decision with input as f.request(subject, f.resource("UNCLASSIFIED", ["USA"]), "read")
	unclassified.allow == true
}

test_secret_is_denied_to_acr_1 if {
	subject := object.union(f.subject("USA", "SECRET"), {"acr": "1", "amr": ["pwd"]})
	decision := authz.decision with input as f.request(subject, secret_nato, "read")
	f.codes(decision) == {"AUTHENTICATION_TOO_WEAK"}
}

# --- Table-driven: every clearance against every classification, every nation ----------------------

test_clearance_dominance_for_every_pair_of_levels if {
	every i, clearance in f.levels {
		every j, classification in f.levels {
			decision := authz.decision with input as f.read("DEU", clearance, f.resource(classification, ["NATO"]))
			expected := i >= j
			decision.allow == expected
		}
	}
}

test_every_nation_reads_nato_and_only_usa_reads_usa_only if {
	every country in f.nations {
		nato := authz.decision with input as f.read(country, "SECRET", secret_nato)
		nato.allow == true
		usa_only := authz.decision with input as f.read(country, "SECRET", f.resource("SECRET", ["USA"]))
		is_usa := country == "USA"
		usa_only.allow == is_usa
	}
}

test_fvey_group_expands_to_its_members if {
	every country in ["USA", "GBR", "CAN", "AUS", "NZL"] {
		decision := authz.decision with input as f.read(country, "SECRET", f.resource("SECRET", ["FVEY"]))
		decision.allow == true
	}
	fra := authz.decision with input as f.read("FRA", "SECRET", f.resource("SECRET", ["FVEY"]))
	f.codes(fra) == {"NOT_RELEASABLE"}
}

# --- Uncleared subjects ---------------------------------------------------------------------------

test_uncleared_subject_reads_unclassified_only if {
	subject := object.remove(f.subject("USA", "SECRET"), {"clearance"})
	unclassified := authz.decision with input as f.request(subject, f.resource("UNCLASSIFIED", ["USA"]), "read")
	unclassified.allow == true
	restricted := authz.decision with input as f.request(subject, f.resource("RESTRICTED", ["USA"]), "read")
	f.codes(restricted) == {"NOT_CLEARED"}
}

# --- Upload ---------------------------------------------------------------------------------------

test_upload_must_be_releasable_to_the_uploader if {
	denied := authz.decision with input as f.request(f.subject("GBR", "SECRET"), f.resource("SECRET", ["USA"]), "upload")
	f.codes(denied) == {"UPLOAD_NOT_RELEASABLE_TO_UPLOADER"}
	allowed := authz.decision with input as f.request(f.subject("GBR", "SECRET"), secret_nato, "upload")
	allowed.allow == true
}

# --- Integrity (authz only) -------------------------------------------------------------------------

test_encrypted_resource_needs_verified_integrity if {
	unverified := object.union(secret_nato, {"encrypted": true})
	denied := authz.decision with input as f.read("DEU", "SECRET", unverified)
	f.codes(denied) == {"INTEGRITY_NOT_VERIFIED"}
	verified := object.union(secret_nato, {"encrypted": true, "integrityVerified": true})
	allowed := authz.decision with input as f.read("DEU", "SECRET", verified)
	allowed.allow == true
}

# --- Several failures: every reason is reported, sorted -------------------------------------------------

test_every_failing_rule_contributes_its_reason if {
	subject := object.union(f.subject("FRA", "CONFIDENTIAL"), {"acr": "1", "amr": ["pwd"]})
	decision := authz.decision with input as f.request(subject, f.resource("SECRET", ["USA"]), "read")
	f.codes(decision) == {"INSUFFICIENT_CLEARANCE", "NOT_RELEASABLE", "AUTHENTICATION_TOO_WEAK"}
	[r.code | some r in decision.reasons] == ["AUTHENTICATION_TOO_WEAK", "INSUFFICIENT_CLEARANCE", "NOT_RELEASABLE"]
}

# --- Malformed input: always a deny with a reason, never undefined ---------------------------------------

test_no_input_is_denied_with_reasons if {
	decision := authz.decision with input as {}
	decision.allow == false
	f.codes(decision) == {"SUBJECT_MISSING", "RESOURCE_MISSING", "ACTION_INVALID"}
}

test_input_that_is_not_an_object_is_denied if {
	decision := authz.decision with input as "read everything"
	decision.allow == false
	"SUBJECT_MISSING" in f.codes(decision)
}

malformed_requests := [
	object.union(f.read("DEU", "SECRET", secret_nato), {"subject": "DEU"}),
	object.union(f.read("DEU", "SECRET", secret_nato), {"resource": ["doc"]}),
	object.union(f.read("DEU", "SECRET", secret_nato), {"action": "fly"}),
	object.union(f.read("DEU", "SECRET", secret_nato), {"context": "now"}),
	object.union(f.read("DEU", "SECRET", secret_nato), {"context": {"time": "yesterday"}}),
	f.read("DEU", "GEHEIM", secret_nato),
	f.read("DE", "SECRET", secret_nato),
	f.request(object.union(f.subject("DEU", "SECRET"), {"acpCOI": "NATO"}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"amr": "otp"}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"acr": 2}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"auth_time": "recently"}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"organizationType": "NGO"}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"clearanceStatus": "old"}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"uniqueID": " "}), secret_nato, "read"),
	f.read("DEU", "SECRET", object.union(secret_nato, {"resourceId": 7})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"classification": "SECRETS"})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"releasableTo": "NATO"})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"coi": "NATO"})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"caveats": [1]})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"coiOperator": "SOME"})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"embargoUntil": "soon"})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"encrypted": "yes"})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"originatingCountry": "Germany"})),
]

input_reason(code) if endswith(code, "_INVALID")

input_reason(code) if endswith(code, "_MISSING")

test_every_malformed_request_is_denied_with_an_input_reason if {
	every request in malformed_requests {
		decision := authz.decision with input as request
		decision.allow == false
		count(decision.reasons) > 0
		every reason in decision.reasons {
			input_reason(reason.code)
		}
	}
}

test_a_missing_subject_or_resource_is_named if {
	no_subject := authz.decision with input as object.remove(f.read("DEU", "SECRET", secret_nato), {"subject"})
	f.codes(no_subject) == {"SUBJECT_MISSING"}
	no_resource := authz.decision with input as object.remove(f.read("DEU", "SECRET", secret_nato), {"resource"})
	f.codes(no_resource) == {"RESOURCE_MISSING"}
}

# --- Fail closed when the policy itself cannot evaluate ----------------------------------------------

test_an_evaluation_failure_still_denies_with_a_reason if {
	decision := authz.decision with input as f.read("DEU", "SECRET", secret_nato)
		with data.dive.lib.validation.errors_found as 7
		with data.dive.lib.usual.request as false
	decision.allow == false
	f.codes(decision) == {"POLICY_ERROR"}
}

test_the_ita_idp_impersonating_a_us_fvey_user_is_denied if {
	impersonated := object.union(f.subject("USA", "SECRET"), {"idp": "ita", "acpCOI": ["FVEY", "NATO"]})
	resource := object.union(f.resource("RESTRICTED", ["USA"]), {"coi": ["FVEY"]})
	decision := authz.decision with input as f.request(impersonated, resource, "read")
	not decision.allow
	f.codes(decision) == {"IDP_NOT_TRUSTED_FOR_COUNTRY", "IDP_NOT_TRUSTED_FOR_COI"}
}

# --- The quick checks (dive.lib.usual and each package's ok) only skip work -----------------------

fvey_only := object.union(f.subject("DEU", "SECRET"), {"acpCOI": ["FVEY"]})

password_only := object.union(f.subject("USA", "SECRET"), {"acr": "1", "amr": ["pwd"]})

# Requests for every quick check to hold or fail: allow, every kind of deny, malformed.
quick_check_requests := [
	f.read("DEU", "SECRET", secret_nato),
	f.read("FRA", "CONFIDENTIAL", secret_nato),
	f.read("GBR", "TOP_SECRET", f.resource("SECRET", ["USA"])),
	f.read("DEU", "SECRET", f.resource("SECRET", ["NATO", "XXX"])),
	f.read("DEU", "SECRET", f.resource("SECRET", ["DEU", "FRA", "XXX"])),
	f.read("DEU", "SECRET", f.resource("SECRET", ["DEU", ""])),
	f.read("DEU", "SECRET", f.resource("SECRET", ["DEU", "FRA\u0000ITA"])),
	f.read("DEU", "CONFIDENTIAL", f.resource("SECRET", ["DEU", "FRA", "ITA"])),
	f.read("DEU", "SECRET", object.union(secret_nato, {"coi": ["NATO"]})),
	f.read("DEU", "CONFIDENTIAL", object.union(secret_nato, {"coi": ["NATO"]})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"encrypted": true})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"encrypted": true, "integrityVerified": true})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"caveats": ["NOFORN"]})),
	f.read("DEU", "SECRET", object.union(secret_nato, {"embargoUntil": "2027-01-01T00:00:00Z"})),
	f.request(fvey_only, object.union(secret_nato, {"coi": ["NATO"]}), "read"),
	f.request(fvey_only, object.union(secret_nato, {"coi": ["NATO", "FVEY"], "coiOperator": "ANY"}), "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"auth_time": f.now_seconds - 100000}), secret_nato, "read"),
	f.request(password_only, secret_nato, "read"),
	f.request(password_only, f.resource("RESTRICTED", ["NATO"]), "read"),
	f.request(object.union(f.subject("USA", "SECRET"), {"clearance": "GEHEIM"}), secret_nato, "read"),
	f.request(object.union(f.subject("USA", "SECRET"), {"idp": "usa"}), secret_nato, "read"),
	f.request(object.union(f.subject("USA", "SECRET"), {"idp": "ita"}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"organizationType": "INDUSTRY"}), secret_nato, "read"),
	f.request(object.union(f.subject("DEU", "SECRET"), {"clearanceStatus": "legacy"}), secret_nato, "read"),
]

test_the_quick_checks_change_no_authz_decision if {
	every request in quick_check_requests {
		quick := authz.decision with input as request
		full := authz.decision with input as request
			with data.dive.lib.usual.request as false
			with data.dive.lib.validation.ok as false
			with data.dive.lib.releasability.ok as false
			with data.dive.lib.coi.ok as false
			with data.dive.lib.integrity.ok as false
		quick == full
	}
}

test_the_quick_checks_change_no_kas_decision if {
	every request in quick_check_requests {
		asked := object.union(request, {"action": "decrypt"})
		quick := kas.decision with input as asked
		full := kas.decision with input as asked
			with data.dive.lib.usual.request as false
			with data.dive.lib.validation.ok as false
			with data.dive.lib.releasability.ok as false
			with data.dive.lib.coi.ok as false
		quick == full
	}
}
