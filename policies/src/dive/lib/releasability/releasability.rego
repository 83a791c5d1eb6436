# METADATA
# title: Releasability
# description: |
#   resource.releasableTo names ISO 3166-1 alpha-3 countries and groups (NATO, FVEY, EU) that expand
#   to their members. Anything else makes the resource invalid rather than being ignored.
package dive.lib.releasability

import data.dive.lib.reasons
import data.dive.reference

# METADATA
# scope: document
# description: The countries a releasableTo entry stands for (a country, or a group's members).
expand(entry) := {entry} if reference.country_index[entry]

expand(entry) := {member | some member in reference.groups[entry]} if reference.groups[entry]

# METADATA
# description: Every country the resource may be released to (for callers; the rules look entries up).
releasable_countries contains country if {
	some entry in input.resource.releasableTo
	some country in expand(entry)
}

# Counting the known entries (one filter for a list of countries, two with groups) answers the
# usual case; only a list with an unknown (or a repeated) entry is looked at entry by entry.
all_entries_known if {
	entries := input.resource.releasableTo
	count(object.filter(reference.country_index, entries)) == count(entries)
} else if {
	entries := input.resource.releasableTo
	known := count(object.filter(reference.country_index, entries)) + count(object.filter(reference.group_index, entries))
	known == count(entries)
}

invalid_entries contains entry if {
	not all_entries_known
	some entry in input.resource.releasableTo
	not reference.country_index[entry]
	not reference.group_index[entry]
}

# METADATA
# description: True when the subject's country is listed, or a member of a listed group.
releasable_to_subject if {
	reference.country_index[input.subject.countryOfAffiliation]
	input.subject.countryOfAffiliation in input.resource.releasableTo
} else if {
	reference.country_index[input.subject.countryOfAffiliation]
	some entry in input.resource.releasableTo
	reference.group_index[entry][input.subject.countryOfAffiliation]
}

# METADATA
# description: |
#   True when violations would find nothing, whatever the action. The first body is the usual list
#   of countries naming the subject's (which is then a known country too), without a rule reference.
ok if {
	entries := input.resource.releasableTo
	input.subject.countryOfAffiliation in entries
	count(object.filter(reference.country_index, entries)) == count(entries)
} else if {
	all_entries_known
	releasable_to_subject
}

# METADATA
# description: The violations; empty, without evaluating a rule below, when ok holds.
violations_found := set() if ok

else := violations

violations contains reasons.reason("INVALID_RELEASABILITY", msg) if {
	count(invalid_entries) > 0
	msg := sprintf(
		"releasableTo holds entries that are neither ISO 3166-1 alpha-3 countries nor groups: %v",
		[sort(invalid_entries)],
	)
}

violations contains reasons.reason("NOT_RELEASABLE", msg) if {
	not input.action == "upload"
	not releasable_to_subject
	msg := sprintf("the resource is not releasable to %v", [input.subject.countryOfAffiliation])
}

# Uploading data one's own nation may not see would leave it unreadable to its owner.
violations contains reasons.reason("UPLOAD_NOT_RELEASABLE_TO_UPLOADER", msg) if {
	input.action == "upload"
	not releasable_to_subject
	msg := sprintf("an upload must be releasable to the uploader's country %v", [input.subject.countryOfAffiliation])
}
