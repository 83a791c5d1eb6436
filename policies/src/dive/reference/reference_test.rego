# Checks that the reference data exported from the Java model is in the bundle and has the shape
# the policies rely on. The Java side (OpaReferenceDataTest) proves it agrees with the data file.
package dive.reference_test

import data.dive.reference

test_levels_are_ordered if {
	reference.levels == ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP_SECRET"]
	reference.level_rank.SECRET > reference.level_rank.CONFIDENTIAL
}

test_national_markings_are_keyed_by_folded_marking if {
	reference.markings.DEU.GEHEIM.level == "SECRET"
	reference.markings.ESP.RESERVADO.level == "SECRET"
	reference.markings.ITA.RISERVATO.level == "RESTRICTED"
	reference.markings.FRA["SECRET DEFENSE"].level == "SECRET"
	reference.markings.ROU.SECRET.level == "CONFIDENTIAL"
	reference.markings.DEU["VS-VERTRAULICH"].level == "CONFIDENTIAL"
	reference.markings.DEU["VS-NUR FUER DEN DIENSTGEBRAUCH"].level == "RESTRICTED"
	reference.markings.DEU["VS-NFD"].level == "RESTRICTED"
}

test_every_marking_carries_its_status if {
	reference.markings.GBR.CONFIDENTIAL == {"level": "CONFIDENTIAL", "status": "legacy"}
	reference.markings.SWE["HEMLIG/SECRET"].status == "legacy"
	reference.markings.SWE.HEMLIG == {"level": "SECRET", "status": "current"}
	every country in reference.markings {
		every marking in country {
			marking.status in {"current", "legacy"}
		}
	}
}

test_the_table_rows_are_in_the_bundle if {
	count(reference.national_markings) == 185
	count([row | some row in reference.national_markings; row.status == "legacy"]) == 8
	some row in reference.national_markings
	row == {
		"country": "TUR", "level": "CONFIDENTIAL", "marking": "ÖZEL", "ascii_alias": "OZEL",
		"source": row.source, "confidence": "low", "status": "legacy",
	}
}

test_groups_expand_to_countries if {
	"DEU" in reference.groups.NATO
	"NZL" in reference.groups.FVEY
	not "GBR" in reference.groups.EU
}

test_countries_are_iso_codes_and_authorities_are_not if {
	"DEU" in reference.countries
	reference.country_index.DEU
	reference.international_authorities == ["EU", "NATO"]
	every authority in reference.international_authorities {
		not authority in reference.countries
	}
}
