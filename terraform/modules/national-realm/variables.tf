variable "name" {
  description = "The realm's name (dive-<alias> in the demo)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,62}$", var.name))
    error_message = "var.name: a realm name of lower-case letters, digits and '-'."
  }
}

variable "display_name" {
  description = "Shown on the realm's login page."
  type        = string
}

variable "protocol" {
  description = "How the broker federates this realm: oidc or saml."
  type        = string
  validation {
    condition     = contains(["oidc", "saml"], var.protocol)
    error_message = "var.protocol: the IdP protocol must be \"oidc\" or \"saml\"."
  }
}

variable "broker_endpoint" {
  description = "Where the broker receives this realm's logins: <keycloak>/realms/<broker>/broker/<alias>/endpoint."
  type        = string
  validation {
    condition     = can(regex("^https?://[^*]+/broker/[a-z0-9-]+/endpoint$", var.broker_endpoint))
    error_message = "var.broker_endpoint: an http(s) URL ending in /broker/<alias>/endpoint."
  }
}

variable "broker_entity_id" {
  description = "SAML only: the broker's SAML entity id (the broker realm's issuer URL), the client id here."
  type        = string
  default     = null
}

variable "broker_secret_rotation" {
  description = "OIDC only: any value; changing it rotates the broker's client secret in this realm."
  type        = string
  default     = "1"
}

variable "keycloak_url" {
  description = "The Keycloak base URL this realm is served at (for the issuer and metadata outputs)."
  type        = string
}
