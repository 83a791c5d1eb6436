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

# METADATA
# description: True when violations would find nothing (the resource is verified, or not encrypted).
ok if {
	input.resource.integrityVerified == true
} else if {
	object.get(input.resource, "encrypted", false) != true
}
