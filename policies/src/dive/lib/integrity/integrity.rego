# METADATA
# title: Integrity
# description: An encrypted resource is released only when its integrity has been verified.
package dive.lib.integrity

import data.dive.lib.reasons

violations contains reasons.reason(
	"INTEGRITY_NOT_VERIFIED",
	"the encrypted resource's integrity has not been verified",
) if {
	input.resource.encrypted == true
	object.get(input.resource, "integrityVerified", false) != true
}
