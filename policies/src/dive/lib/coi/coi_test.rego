package dive.lib.coi_test

import data.dive.fixtures_test as f
import data.dive.lib.coi

request(subject_cois, resource_cois, operator) := f.request(
	object.union(f.subject("USA", "TOP_SECRET"), {"acpCOI": subject_cois}),
	object.union(f.resource("TOP_SECRET", ["NATO"]), {"coi": resource_cois, "coiOperator": operator}),
	"read",
)

codes(request) := {v.code | some v in coi.violations with input as request}

test_operator_all_requires_every_coi if {
	codes(request(["NATO", "FVEY"], ["NATO", "FVEY"], "ALL")) == set()
	codes(request(["NATO"], ["NATO", "FVEY"], "ALL")) == {"COI_NOT_SATISFIED"}
}

test_operator_all_is_the_default if {
	resource := object.union(f.resource("TOP_SECRET", ["NATO"]), {"coi": ["NATO", "FVEY"]})
	subject := object.union(f.subject("USA", "TOP_SECRET"), {"acpCOI": ["NATO"]})
	codes(f.request(subject, resource, "read")) == {"COI_NOT_SATISFIED"}
}

test_operator_any_requires_one_coi if {
	codes(request(["FVEY"], ["NATO", "FVEY"], "ANY")) == set()
	codes(request(["AUKUS"], ["NATO", "FVEY"], "ANY")) == {"COI_NOT_SATISFIED"}
}

test_a_subject_without_coi_never_satisfies_a_coi_restricted_resource if {
	codes(request([], ["NATO"], "ALL")) == {"COI_NOT_SATISFIED"}
	codes(request([], ["NATO"], "ANY")) == {"COI_NOT_SATISFIED"}
	without_attribute := f.request(
		object.remove(f.subject("USA", "TOP_SECRET"), {"acpCOI"}),
		object.union(f.resource("TOP_SECRET", ["NATO"]), {"coi": ["NATO"]}),
		"read",
	)
	codes(without_attribute) == {"COI_NOT_SATISFIED"}
}

test_a_resource_without_coi_needs_no_membership if {
	codes(request([], [], "ALL")) == set()
}

test_mutually_exclusive_cois_make_the_resource_invalid if {
	codes(request(["US-ONLY", "NATO"], ["US-ONLY", "NATO"], "ALL")) == {"COI_CONFLICT"}
	codes(request(["EU-RESTRICTED", "NATO-COSMIC"], ["EU-RESTRICTED", "NATO-COSMIC"], "ANY")) == {"COI_CONFLICT"}
}

test_an_unknown_coi_makes_the_resource_invalid if {
	codes(request(["NATO", "MARS"], ["NATO", "MARS"], "ALL")) == {"INVALID_COI"}
}
