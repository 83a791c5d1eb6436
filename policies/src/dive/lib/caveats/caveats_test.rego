package dive.lib.caveats_test

import data.dive.fixtures_test as f
import data.dive.lib.caveats

with_caveats(resource, list, origin) := object.union(resource, {"caveats": list, "originatingCountry": origin})

codes(request) := {v.code | some v in caveats.violations with input as request}

test_noforn_admits_nationals_of_the_originating_country_only if {
	resource := with_caveats(f.resource("SECRET", ["NATO"]), ["NOFORN"], "USA")
	codes(f.read("USA", "SECRET", resource)) == set()
	codes(f.read("GBR", "SECRET", resource)) == {"CAVEAT_NOT_SATISFIED"}
}

test_noforn_without_an_originating_country_admits_nobody if {
	resource := object.union(f.resource("SECRET", ["NATO"]), {"caveats": ["NOFORN"]})
	codes(f.read("USA", "SECRET", resource)) == {"CAVEAT_NOT_SATISFIED"}
}

test_govonly_admits_government_and_military if {
	resource := with_caveats(f.resource("SECRET", ["NATO"]), ["GOVONLY"], "USA")
	codes(f.read("USA", "SECRET", resource)) == set()
	military := object.union(f.subject("USA", "SECRET"), {"organizationType": "MIL"})
	codes(f.request(military, resource, "read")) == set()
	industry := object.union(f.subject("USA", "SECRET"), {"organizationType": "INDUSTRY"})
	codes(f.request(industry, resource, "read")) == {"CAVEAT_NOT_SATISFIED"}
	unknown_type := object.remove(f.subject("USA", "SECRET"), {"organizationType"})
	codes(f.request(unknown_type, resource, "read")) == {"CAVEAT_NOT_SATISFIED"}
}

test_an_unknown_caveat_denies if {
	resource := with_caveats(f.resource("SECRET", ["NATO"]), ["EYES-ONLY-MARS"], "USA")
	codes(f.read("USA", "SECRET", resource)) == {"UNKNOWN_CAVEAT"}
}
