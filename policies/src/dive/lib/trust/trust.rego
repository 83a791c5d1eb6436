# METADATA
# title: Identity provider trust
# description: |
#   Each broker identity provider speaks only for its own people (issue 11): the token's idp claim
#   names the provider, data.dive.trust.identity_providers says which countries (country of
#   affiliation and clearance country), COIs and organization types it may assert. An unknown alias
#   may assert nothing. A subject without idp is a local broker user: an administrator assigned the
#   country, so there is nothing to check here.
package dive.lib.trust

import data.dive.lib.reasons

no_trust := {"countries": [], "cois": [], "organizationTypes": []}

idp := object.get(input.subject, "idp", null)

allowed := object.get(data.dive.trust.identity_providers, idp, no_trust)

violations contains reasons.reason("IDP_NOT_TRUSTED_FOR_COUNTRY", msg) if {
	idp != null
	some attribute in ["countryOfAffiliation", "clearanceCountry"]
	value := object.get(input.subject, attribute, null)
	value != null
	not value in allowed.countries
	msg := sprintf("identity provider %v may not assert %v %v", [idp, attribute, value])
}

violations contains reasons.reason("IDP_NOT_TRUSTED_FOR_COI", msg) if {
	idp != null
	some coi in object.get(input.subject, "acpCOI", [])
	not coi in allowed.cois
	msg := sprintf("identity provider %v may not assert the COI %v", [idp, coi])
}

violations contains reasons.reason("IDP_NOT_TRUSTED_FOR_ORGANIZATION_TYPE", msg) if {
	idp != null
	value := object.get(input.subject, "organizationType", null)
	value != null
	not value in allowed.organizationTypes
	msg := sprintf("identity provider %v may not assert the organization type %v", [idp, value])
}
