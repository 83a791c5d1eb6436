variable "name" {
  description = "The broker realm's name (dive-broker in the demo)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,62}$", var.name))
    error_message = "var.name: a realm name of lower-case letters, digits and '-'."
  }
}

variable "display_name" {
  description = "Shown on the broker's login page."
  type        = string
  default     = "DIVE coalition broker"
}

variable "keycloak_url" {
  description = "The Keycloak base URL the broker is served at (its issuer and SAML entity id are made from it)."
  type        = string
  validation {
    condition     = can(regex("^https?://[^/*]+(/[^*]*[^/])?$", var.keycloak_url))
    error_message = "var.keycloak_url: an http(s) base URL without a trailing '/', e.g. http://127.0.0.1:8080."
  }
}

variable "identity_providers" {
  description = <<-EOT
    The national identity providers, by alias (the IdP alias in the broker, also the uniqueID domain).
    protocol: "oidc" (give oidc) or "saml" (give saml, with the metadata whose keys verify the IdP's
    signatures). trust: what the IdP may assert (countries as ISO 3166-1 alpha-3, COIs, organization types).
  EOT
  type = map(object({
    display_name = string
    protocol     = string
    trust = object({
      countries          = list(string)
      cois               = list(string)
      organization_types = list(string)
    })
    oidc = optional(object({
      issuer            = string
      authorization_url = string
      token_url         = string
      user_info_url     = string
      logout_url        = string
      jwks_url          = string
      client_id         = string
      client_secret     = string
    }))
    saml = optional(object({
      idp_entity_id              = string
      single_sign_on_service_url = string
      single_logout_service_url  = string
      metadata_url               = optional(string)
    }))
  }))

  validation {
    condition     = alltrue([for alias in keys(var.identity_providers) : can(regex("^[a-z][a-z0-9-]{1,30}$", alias))])
    error_message = "var.identity_providers: an alias is lower-case letters, digits and '-' (e.g. usa, fra, industry)."
  }
  validation {
    condition     = alltrue([for idp in values(var.identity_providers) : contains(["oidc", "saml"], idp.protocol)])
    error_message = "var.identity_providers: protocol must be \"oidc\" or \"saml\"."
  }
  validation {
    condition     = alltrue([for idp in values(var.identity_providers) : idp.protocol != "oidc" || idp.oidc != null])
    error_message = "var.identity_providers: an OIDC identity provider needs its oidc endpoints and client."
  }
  validation {
    condition = alltrue([for idp in values(var.identity_providers) :
    idp.protocol != "saml" || try(length(trimspace(idp.saml.metadata_url)) > 0, false)])
    error_message = "var.identity_providers: a SAML identity provider needs saml.metadata_url (its signing keys come from the metadata)."
  }
  validation {
    condition = alltrue(flatten([for idp in values(var.identity_providers) : [
    for country in idp.trust.countries : contains(jsondecode(file("${path.module}/../iso-3166-alpha3.json")), country)]]))
    error_message = "var.identity_providers: trust.countries must be ISO 3166-1 alpha-3 codes (USA, FRA, ...)."
  }
  validation {
    condition = alltrue(flatten([for idp in values(var.identity_providers) : [
    for type in idp.trust.organization_types : contains(["GOV", "MIL", "INDUSTRY"], type)]]))
    error_message = "var.identity_providers: trust.organization_types are GOV, MIL or INDUSTRY."
  }
}

variable "otp" {
  description = <<-EOT
    The clearance-conditional OTP: minimum_clearance is the lowest clearance level that must use OTP
    (UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET or TOP_SECRET); max_attempts wrong codes discard a
    pending enrollment; enrollment_gate is "open" or "activation-code" (an administrator's one-time code).
  EOT
  type = object({
    minimum_clearance = string
    max_attempts      = number
    enrollment_gate   = string
  })
  default = { minimum_clearance = "CONFIDENTIAL", max_attempts = 5, enrollment_gate = "activation-code" }

  validation {
    condition     = contains(["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP_SECRET"], var.otp.minimum_clearance)
    error_message = "var.otp.minimum_clearance must be a clearance level: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET or TOP_SECRET."
  }
  validation {
    condition     = var.otp.max_attempts >= 1 && var.otp.max_attempts <= 20 && floor(var.otp.max_attempts) == var.otp.max_attempts
    error_message = "var.otp.max_attempts must be a whole number from 1 to 20."
  }
  validation {
    condition     = contains(["open", "activation-code"], var.otp.enrollment_gate)
    error_message = "var.otp.enrollment_gate must be \"open\" or \"activation-code\"."
  }
}

variable "kas" {
  description = <<-EOT
    The realm's Key Access Service (realm attributes dive.kas.*; README "KAS settings"). Unset fields
    keep the KAS's defaults: key_provider (software), trusted_issuers (the realm's own issuer),
    audience (dive-demo, dive-resource-server), url, key_set (the realm's own keys).
  EOT
  type = object({
    enabled         = bool
    key_provider    = optional(string)
    trusted_issuers = optional(list(string))
    audience        = optional(list(string))
    url             = optional(string)
    key_set         = optional(string)
  })
  default = { enabled = true }

  validation {
    condition     = var.kas.key_provider == null || contains(["software", "pkcs11", "gcp-kms"], coalesce(var.kas.key_provider, "software"))
    error_message = "var.kas.key_provider must be software, pkcs11 or gcp-kms."
  }
  validation {
    condition     = alltrue([for issuer in coalesce(var.kas.trusted_issuers, []) : can(regex("^https?://", issuer))])
    error_message = "var.kas.trusted_issuers are issuer URLs (http:// or https://)."
  }
}

variable "application_redirect_uris" {
  description = "Where the demo application (dive-demo) may receive its authorization codes."
  type        = list(string)
  validation {
    condition     = length(var.application_redirect_uris) > 0 && alltrue([for uri in var.application_redirect_uris : can(regex("^https?://[^*/]+(/.*)?$", uri))])
    error_message = "var.application_redirect_uris: absolute http(s) URLs with a host (a wildcard only in the path, e.g. http://127.0.0.1/*)."
  }
}

variable "resource_server_secret" {
  description = "The resource server's client secret."
  type        = string
  sensitive   = true
}

variable "claims_in_lightweight_access_token" {
  description = "Whether the DIVE claims stay in lightweight access tokens (Keycloak's lightweight-access-token option)."
  type        = bool
  default     = false
}
