package dive.lib.embargo_test

import data.dive.fixtures_test as f
import data.dive.lib.embargo

codes(resource_fields) := {v.code | some v in embargo.violations with input as f.read(
	"USA", "SECRET",
	object.union(f.resource("SECRET", ["USA"]), resource_fields),
)}

test_an_embargoed_resource_is_denied_until_its_date if {
	codes({"embargoUntil": "2026-11-23T00:00:00Z"}) == {"EMBARGOED"}
	codes({"embargoUntil": "2026-11-22T09:00:00Z"}) == set()
}

test_the_clock_skew_is_tolerated if {
	# Four minutes before the end of the embargo is within the five minutes of skew.
	codes({"embargoUntil": "2026-11-22T10:04:00Z"}) == set()
	codes({"embargoUntil": "2026-11-22T10:06:00Z"}) == {"EMBARGOED"}
}

test_a_creation_date_in_the_future_is_denied if {
	codes({"creationDate": "2026-12-01T00:00:00Z"}) == {"CREATION_DATE_IN_FUTURE"}
	codes({"creationDate": "2026-11-22T10:04:00Z"}) == set()
}

test_without_context_time_the_server_clock_is_used if {
	request := object.remove(
		f.read("USA", "SECRET", object.union(
			f.resource("SECRET", ["USA"]),
			{"embargoUntil": "2200-01-01T00:00:00Z"},
		)),
		{"context"},
	)
	{v.code | some v in embargo.violations with input as request} == {"EMBARGOED"}
}
