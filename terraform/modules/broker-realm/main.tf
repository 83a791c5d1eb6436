# The coalition broker realm (realm-config BrokerRealm): the DIVE realm attributes, the demo
# application and the resource server with the DIVE claims client scope, the flows (flows.tf) and
# one identity provider per nation (identity-providers.tf).

terraform {
  required_providers {
    keycloak = { source = "keycloak/keycloak", version = "5.9.0" }
  }
}

locals {
  kas_attributes = { for name, value in {
    "dive.kas.enabled"        = tostring(var.kas.enabled)
    "dive.kas.keyProvider"    = var.kas.key_provider
    "dive.kas.trustedIssuers" = var.kas.trusted_issuers == null ? null : join(" ", var.kas.trusted_issuers)
    "dive.kas.audience"       = var.kas.audience == null ? null : join(",", var.kas.audience)
    "dive.kas.url"            = var.kas.url
    "dive.kas.keySet"         = var.kas.key_set
  } : name => value if value != null }
}

module "realm" {
  source       = "../dive-realm"
  name         = var.name
  display_name = var.display_name
  national     = false
  attributes = merge(local.kas_attributes, {
    # acr "1" password, "2" password + OTP, "3" phishing-resistant.
    "acr.loa.map" = jsonencode({ "1" = 1, "2" = 2, "3" = 3 })
  })
}

# The DIVE claims, carried by one client scope that the DIVE clients hold by default.
resource "keycloak_openid_client_scope" "dive_claims" {
  realm_id               = module.realm.realm_id
  name                   = "dive-claims"
  description            = "The normalized coalition claims: uniqueID, clearance, countryOfAffiliation, acpCOI, organizationType, amr, idp"
  include_in_token_scope = false
}

locals {
  # Every token switch explicit: a switch left out is defaulted by Keycloak and read back as drift
  # (keycloak/terraform-provider-keycloak #889, #1083). var.claims_in_lightweight_access_token is
  # Keycloak's lightweight-access-token option.
  token_switches = {
    "id.token.claim"            = "true"
    "access.token.claim"        = "true"
    "lightweight.claim"         = tostring(var.claims_in_lightweight_access_token)
    "userinfo.token.claim"      = "true"
    "introspection.token.claim" = "true"
  }
  dive_mappers = {
    "DIVE uniqueID"             = { mapper = "dive-unique-id-mapper", config = {} }
    "DIVE clearance"            = { mapper = "dive-clearance-mapper", config = {} }
    "DIVE countryOfAffiliation" = { mapper = "dive-country-of-affiliation-mapper", config = {} }
    "DIVE acpCOI"               = { mapper = "dive-acp-coi-mapper", config = {} }
    "DIVE organizationType"     = { mapper = "dive-organization-type-mapper", config = {} }
    "DIVE amr"                  = { mapper = "dive-amr-mapper", config = {} }
    # The alias of the IdP the user logged in through (absent for local broker users): OPA checks the
    # token's other claims against what that IdP may assert (data.dive.trust).
    "DIVE idp" = { mapper = "oidc-usersessionmodel-note-mapper", config = {
      "user.session.note" = "identity_provider"
      "claim.name"        = "idp"
      "jsonType.label"    = "String"
    } }
  }
  default_scopes = ["acr", "basic", "email", "profile", "roles", "web-origins", keycloak_openid_client_scope.dive_claims.name]
}

resource "keycloak_generic_protocol_mapper" "dive" {
  for_each        = local.dive_mappers
  realm_id        = module.realm.realm_id
  client_scope_id = keycloak_openid_client_scope.dive_claims.id
  name            = each.key
  protocol        = "openid-connect"
  protocol_mapper = each.value.mapper
  config          = merge(local.token_switches, each.value.config)
}

# The demo application: a public client (a single-page application) with PKCE.
resource "keycloak_openid_client" "application" {
  realm_id                        = module.realm.realm_id
  client_id                       = "dive-demo"
  name                            = "DIVE demo (public client)"
  enabled                         = true
  access_type                     = "PUBLIC"
  standard_flow_enabled           = true
  direct_access_grants_enabled    = true
  valid_redirect_uris             = var.application_redirect_uris
  valid_post_logout_redirect_uris = ["+"]
  web_origins                     = ["+"]
  pkce_code_challenge_method      = "S256"
}

# The resource server: a confidential client with a service account (client credentials).
resource "keycloak_openid_client" "resource_server" {
  realm_id                     = module.realm.realm_id
  client_id                    = "dive-resource-server"
  name                         = "DIVE resource server (confidential client)"
  enabled                      = true
  access_type                  = "CONFIDENTIAL"
  client_secret                = var.resource_server_secret
  client_authenticator_type    = "client-secret"
  standard_flow_enabled        = false
  direct_access_grants_enabled = false
  service_accounts_enabled     = true
}

resource "keycloak_openid_client_default_scopes" "application" {
  realm_id       = module.realm.realm_id
  client_id      = keycloak_openid_client.application.id
  default_scopes = local.default_scopes
}

resource "keycloak_openid_client_default_scopes" "resource_server" {
  realm_id       = module.realm.realm_id
  client_id      = keycloak_openid_client.resource_server.id
  default_scopes = local.default_scopes
}
