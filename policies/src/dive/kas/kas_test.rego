package dive.kas_test

import data.dive.kas

test_empty_input_releases_no_key if {
	decision := kas.decision with input as {}
	decision.allow == false
	decision.reasons[_].code == "NO_RULE_ALLOWS"
}
