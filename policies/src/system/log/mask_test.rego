package system.log_test

import data.system.log

kas_input := {
	"subject": {"uniqueID": "alice@usa", "clearance": "SECRET", "countryOfAffiliation": "USA"},
	"action": "decrypt",
	"resource": {"resourceId": "doc-1", "classification": "SECRET", "releasableTo": ["USA"]},
	"context": {"time": "2026-12-01T10:00:00Z", "requestId": "req-1", "sessionId": "sid-1"},
}

# The session id is the audit's correlation id: it must reach the decision log.
test_the_contract_fields_are_kept if {
	count(log.mask) == 0 with input as {"input": kas_input}
}

test_a_token_and_free_text_beside_the_contract_are_erased if {
	event := {"input": object.union(kas_input, {"token": "eyJhbGciOi.secret", "justification": "free text"})}
	log.mask == {"/input/token", "/input/justification"} with input as event
}

test_unknown_fields_inside_a_section_are_erased if {
	event := {"input": object.union(kas_input, {
		"subject": object.union(kas_input.subject, {"access_token": "eyJ"}),
		"resource": object.union(kas_input.resource, {"content": "the document"}),
		"context": object.union(kas_input.context, {"signedRequestToken": "eyJ"}),
	})}
	erased := {"/input/subject/access_token", "/input/resource/content", "/input/context/signedRequestToken"}
	log.mask == erased with input as event
}

test_a_key_that_is_no_pointer_segment_erases_its_section_or_the_input if {
	log.mask == {"/input/subject"} with input as {"input": {"subject": {"a/b": "x"}}}
	log.mask == {"/input"} with input as {"input": {"c~d": "x"}}
}
