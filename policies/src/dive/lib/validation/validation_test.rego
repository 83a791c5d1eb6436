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
