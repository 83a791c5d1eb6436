package dive.lib.releasability_test

import data.dive.fixtures_test as f
import data.dive.lib.releasability

codes(country, releasable) := {v.code | some v in releasability.violations with input as f.read(
	country, "SECRET",
	f.resource("SECRET", releasable),
)}

test_a_listed_country_is_releasable if {
	codes("POL", ["POL"]) == set()
}

test_groups_expand if {
	codes("NZL", ["FVEY"]) == set()
	codes("AUT", ["EU"]) == set()
	codes("AUT", ["NATO"]) == {"NOT_RELEASABLE"}
}

test_invalid_entries_make_the_resource_invalid if {
	codes("USA", ["USA", "US", "Mars"]) == {"INVALID_RELEASABILITY"}
	codes("USA", ["AUKUS"]) == {"INVALID_RELEASABILITY", "NOT_RELEASABLE"}
}

test_an_empty_list_releases_to_nobody if {
	codes("USA", []) == {"NOT_RELEASABLE"}
}

test_expansion_lists_every_country if {
	request := f.read("USA", "SECRET", f.resource("SECRET", ["FVEY", "FRA"]))
	expanded := releasability.releasable_countries with input as request
	expanded == {"AUS", "CAN", "FRA", "GBR", "NZL", "USA"}
}

ok_for(country, releasable) if {
	releasability.ok with input as f.read(country, "SECRET", f.resource("SECRET", releasable))
}

# ok answers a list of known countries naming the subject's without looking at each entry; an
# empty or unknown entry, or one that hides a NUL (the separator of the pattern match), is not ok.
test_ok_holds_for_known_lists_naming_the_subject if {
	ok_for("DEU", ["FRA", "DEU"])
	ok_for("DEU", ["NATO"])
	ok_for("DEU", ["FRA", "NATO"])
	not ok_for("DEU", ["FRA"])
	not ok_for("DEU", ["DEU", ""])
	not ok_for("DEU", ["DEU", "XXX"])
	not ok_for("DEU", ["DEU", "FRA\u0000ITA"])
	not ok_for("DEU", ["DEU", "FRA\u0000"])
}
