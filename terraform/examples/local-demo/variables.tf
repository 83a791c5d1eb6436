variable "keycloak_url" {
  description = "The Keycloak to configure (./dive start's: http://127.0.0.1:8080)."
  type        = string
  default     = "http://127.0.0.1:8080"
  # Validated by modules/broker-realm (var.keycloak_url), as otp and kas are.
}

variable "admin_username" {
  description = "A master-realm administrator (./dive's bootstrap admin)."
  type        = string
  default     = "admin"
}

variable "admin_password" {
  description = "That administrator's password (TF_VAR_admin_password)."
  type        = string
  sensitive   = true
}

variable "realm_prefix" {
  description = "Put before every realm name (tf- makes tf-dive-broker, tf-dive-usa, ...), so that this configuration can stand beside the imported realm files."
  type        = string
  default     = ""
  validation {
    condition     = can(regex("^([a-z][a-z0-9]*-)?$", var.realm_prefix))
    error_message = "var.realm_prefix: empty, or lower-case letters and digits ending in '-' (e.g. tf-)."
  }
}

variable "nations" {
  description = <<-EOT
    The national IdP realms, by alias (the IdP alias in the broker; realm <prefix>dive-<alias>):
    country (ISO 3166-1 alpha-3), display name, protocol ("oidc" or "saml"), and trust, what the
    broker lets the IdP assert (countries, COIs, organization types).
  EOT
  type = map(object({
    country      = string
    display_name = string
    protocol     = string
    trust = object({
      countries          = list(string)
      cois               = list(string)
      organization_types = list(string)
    })
  }))
  validation {
    condition     = alltrue([for nation in values(var.nations) : contains(jsondecode(file("${path.module}/../../modules/iso-3166-alpha3.json")), nation.country)])
    error_message = "var.nations: country must be an ISO 3166-1 alpha-3 code such as USA, FRA or DEU (upper case, three letters)."
  }
  validation {
    condition     = alltrue([for nation in values(var.nations) : contains(["oidc", "saml"], nation.protocol)])
    error_message = "var.nations: protocol must be \"oidc\" or \"saml\"."
  }
}

variable "otp" {
  description = "The clearance-conditional OTP (see modules/broker-realm): minimum_clearance, max_attempts, enrollment_gate."
  type = object({
    minimum_clearance = string
    max_attempts      = number
    enrollment_gate   = string
  })
}

variable "kas" {
  description = "The broker's Key Access Service settings (see modules/broker-realm)."
  type = object({
    enabled         = bool
    key_provider    = optional(string)
    trusted_issuers = optional(list(string))
    audience        = optional(list(string))
    url             = optional(string)
    key_set         = optional(string)
  })
}

variable "demo_client_redirect_uris" {
  description = "The demo application's redirect URIs; $${DIVE_KEYCLOAK_URL} stands for keycloak_url."
  type        = list(string)
}

variable "broker_secret_rotations" {
  description = "By nation alias: change a value to rotate the broker's client secret at that OIDC nation."
  type        = map(string)
  default     = {}
}

variable "resource_server_secret" {
  description = "The resource server's client secret."
  type        = string
  default     = "dive-resource-server-secret"
  sensitive   = true
}

variable "demo_users_enabled" {
  description = "Create the demo users (local demo only)."
  type        = bool
  default     = true
}

variable "demo_users" {
  description = "The demo users (see modules/demo-users)."
  type = list(object({
    realm                  = string
    username               = string
    first_name             = string
    last_name              = string
    email                  = string
    attributes             = map(list(string))
    realm_management_roles = list(string)
  }))
  default = []
}

variable "demo_password" {
  description = "The demo users' password (local demo only)."
  type        = string
  default     = null
  sensitive   = true
}
