package dive.authz_test

import data.dive.authz

test_empty_input_is_denied_with_a_reason if {
	decision := authz.decision with input as {}
	decision.allow == false
	decision.reasons[_].code == "NO_RULE_ALLOWS"
	decision.obligations == []
}

test_decision_is_defined_without_input if {
	authz.decision.allow == false
}
