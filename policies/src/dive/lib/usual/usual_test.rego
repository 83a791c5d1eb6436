package dive.lib.usual_test

import data.dive.fixtures_test as f
import data.dive.lib.usual

secret_nato := object.union(f.resource("SECRET", ["NATO"]), {"coi": ["NATO"]})

test_the_usual_request_is_answered_by_clearance_alone if {
	usual.request with input as f.read("DEU", "SECRET", secret_nato)
	usual.cleared with input as f.read("DEU", "SECRET", secret_nato)
	usual.request with input as f.read("DEU", "CONFIDENTIAL", secret_nato)
	not usual.cleared with input as f.read("DEU", "CONFIDENTIAL", secret_nato)
	usual.request with input as f.request(object.union(f.subject("DEU", "SECRET"), {"idp": "deu"}), secret_nato, "read")
}

test_anything_unusual_is_left_to_the_packages if {
	every resource in [
		object.union(secret_nato, {"caveats": ["NOFORN"]}),
		object.union(secret_nato, {"embargoUntil": "2027-01-01T00:00:00Z"}),
		object.union(secret_nato, {"coi": ["FVEY"]}),
		f.resource("SECRET", ["USA"]),
	] {
		not usual.request with input as f.read("DEU", "SECRET", resource)
	}
	every subject in [
		object.union(f.subject("DEU", "SECRET"), {"organizationType": "INDUSTRY"}),
		object.union(f.subject("DEU", "SECRET"), {"clearanceStatus": "legacy"}),
		object.union(f.subject("DEU", "SECRET"), {"idp": "ita"}),
		object.remove(f.subject("DEU", "SECRET"), ["clearance"]),
		object.union(f.subject("DEU", "SECRET"), {"amr": ["pwd"]}),
	] {
		not usual.request with input as f.request(subject, secret_nato, "read")
	}
}
