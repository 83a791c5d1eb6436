package dive.lib.trust_test

import data.dive.fixtures_test as f
import data.dive.lib.trust

codes(subject) := {v.code |
	some v in trust.violations with input as f.request(subject, f.resource("SECRET", ["NATO"]), "read")
}

via(idp, subject) := object.union(subject, {"idp": idp})

test_an_italian_user_of_the_ita_idp_is_trusted if {
	codes(via("ita", f.subject("ITA", "SECRET"))) == set()
}

test_the_ita_idp_may_not_assert_a_us_citizen if {
	codes(via("ita", f.subject("USA", "SECRET"))) == {"IDP_NOT_TRUSTED_FOR_COUNTRY"}
}

test_the_ita_idp_may_not_assert_a_us_clearance if {
	subject := object.union(via("ita", f.subject("ITA", "SECRET")), {"clearanceCountry": "USA"})
	codes(subject) == {"IDP_NOT_TRUSTED_FOR_COUNTRY"}
}

test_the_ita_idp_may_not_assert_fvey if {
	subject := object.union(via("ita", f.subject("ITA", "SECRET")), {"acpCOI": ["FVEY", "NATO"]})
	codes(subject) == {"IDP_NOT_TRUSTED_FOR_COI"}
}

test_a_national_idp_may_not_assert_industry_and_the_industry_idp_only_industry if {
	italian_industry := object.union(via("ita", f.subject("ITA", "SECRET")), {"organizationType": "INDUSTRY"})
	codes(italian_industry) == {"IDP_NOT_TRUSTED_FOR_ORGANIZATION_TYPE"}
	industry := object.union(via("industry", f.subject("USA", "SECRET")), {"acpCOI": []})
	codes(industry) == {"IDP_NOT_TRUSTED_FOR_ORGANIZATION_TYPE"}
	codes(object.union(industry, {"organizationType": "INDUSTRY"})) == set()
}

test_an_unknown_idp_may_assert_nothing if {
	codes(via("atlantis", f.subject("ITA", "SECRET"))) == {
		"IDP_NOT_TRUSTED_FOR_COUNTRY",
		"IDP_NOT_TRUSTED_FOR_COI",
		"IDP_NOT_TRUSTED_FOR_ORGANIZATION_TYPE",
	}
}

test_a_local_broker_user_has_an_admin_assigned_country if {
	codes(f.subject("USA", "SECRET")) == set()
}
