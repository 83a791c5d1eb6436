package dive.lib.validation_test

import data.dive.lib.validation

# One accepted and one refused value for every type the input contract names.
examples := {
	"non_empty_string": ["doc-1", " "],
	"country": ["DEU", "Germany"],
	"level": ["UNCLASSIFIED", "GEHEIM"],
	"clearance_status": ["legacy", "old"],
	"organization_type": ["MIL", "NGO"],
	"coi_operator": ["ANY", "SOME"],
	"string_array": [["NATO", "FVEY"], ["NATO", 1]],
	"string": ["2", 2],
	"epoch_seconds": [1795341000, "1795341000"],
	"boolean": [false, "false"],
	"rfc3339": ["2026-11-22T10:00:00+01:00", "2026-11-22"],
}

test_every_contract_type_accepts_and_refuses if {
	every field_type, pair in examples {
		validation.valid(field_type, pair[0])
		not validation.valid(field_type, pair[1])
	}
}

test_every_field_type_of_the_contract_has_examples if {
	every part in ["subject", "resource"] {
		every field_type in data.dive.config.input_contract[part].fields {
			examples[field_type]
			data.dive.config.input_contract.expected[field_type]
		}
	}
}

# A request carrying every field of the contract, each with the accepted example of its type.
complete := {
	"subject": {key: examples[field_type][0] | some key, field_type in data.dive.config.input_contract.subject.fields},
	"resource": {key: examples[field_type][0] | some key, field_type in data.dive.config.input_contract.resource.fields},
	"action": "read",
	"context": {"time": "2026-11-22T10:00:00Z"},
}

# ok writes the table out as one rule body; these hold it to the table field by field.
test_ok_holds_for_a_request_with_every_contract_field if {
	validation.ok with input as complete
	count(validation.errors) == 0 with input as complete
}

test_ok_fails_for_every_field_the_table_refuses if {
	every part in ["subject", "resource"] {
		every key, field_type in data.dive.config.input_contract[part].fields {
			refused := examples[field_type][1]
			request := json.patch(complete, [{"op": "replace", "path": sprintf("/%s/%s", [part, key]), "value": refused}])
			not validation.ok with input as request
			count(validation.errors_found) > 0 with input as request
		}
	}
}

test_ok_fails_without_a_required_field_or_with_a_bad_context if {
	every part in ["subject", "resource"] {
		every key in data.dive.config.input_contract[part].required {
			request := json.remove(complete, [sprintf("%s/%s", [part, key])])
			not validation.ok with input as request
			count(validation.errors_found) > 0 with input as request
		}
	}
	every request in [
		json.patch(complete, [{"op": "replace", "path": "/context/time", "value": "yesterday"}]),
		json.patch(complete, [{"op": "replace", "path": "/context/time", "value": false}]),
		json.patch(complete, [{"op": "replace", "path": "/context", "value": "now"}]),
		json.patch(complete, [{"op": "replace", "path": "/action", "value": "delete"}]),
	] {
		not validation.ok with input as request
		count(validation.errors_found) > 0 with input as request
	}
}
