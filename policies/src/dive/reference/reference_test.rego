# Checks that the reference data exported from the Java model is in the bundle and has the shape
# the policies rely on. The Java side (OpaReferenceDataTest) proves it agrees with the data file.
package dive.reference_test

import data.dive.reference

test_levels_are_ordered if {
	reference.levels == ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP_SECRET"]
	reference.level_rank.SECRET > reference.level_rank.CONFIDENTIAL
}

test_national_markings_are_keyed_by_folded_marking if {
	reference.markings.DEU.GEHEIM == "SECRET"
	reference.markings.ESP.RESERVADO == "SECRET"
	reference.markings.ITA.RISERVATO == "RESTRICTED"
	reference.markings.FRA["SECRET DEFENSE"] == "SECRET"
	reference.markings.ROU.SECRET == "CONFIDENTIAL"
}

test_groups_expand_to_countries if {
	"DEU" in reference.groups.NATO
	"NZL" in reference.groups.FVEY
	not "GBR" in reference.groups.EU
}
