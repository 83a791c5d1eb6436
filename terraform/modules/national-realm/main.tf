# One simulated national identity provider (realm-config NationalRealm): a realm whose only client is
# the coalition broker, over OIDC or SAML, handing it the coalition attributes of its users.

terraform {
  required_providers {
    keycloak = { source = "keycloak/keycloak", version = "5.9.0" }
  }
}

locals {
  oidc = var.protocol == "oidc"
  # Every token switch explicit (a switch left out is defaulted by Keycloak and shows as drift).
  claim_switches = {
    "id.token.claim"            = "true"
    "access.token.claim"        = "true"
    "userinfo.token.claim"      = "true"
    "introspection.token.claim" = "true"
  }
  saml_user_properties = ["email", "firstName", "lastName"]
}

module "realm" {
  source       = "../dive-realm"
  name         = var.name
  display_name = var.display_name
  national     = true
}

resource "keycloak_openid_client" "broker" {
  count       = local.oidc ? 1 : 0
  realm_id    = module.realm.realm_id
  client_id   = "dive-broker"
  name        = "DIVE coalition broker"
  enabled     = true
  access_type = "CONFIDENTIAL"
  # Keycloak generates the secret; changing var.broker_secret_rotation makes it generate a new one
  # (the broker's IdP entry takes it from this module's output in the same apply).
  client_secret_regenerate_when_changed = { rotation = var.broker_secret_rotation }
  client_authenticator_type             = "client-secret"
  standard_flow_enabled                 = true
  direct_access_grants_enabled          = false
  valid_redirect_uris                   = ["${var.broker_endpoint}*"]
  pkce_code_challenge_method            = "S256"
}

resource "keycloak_generic_protocol_mapper" "oidc_claim" {
  for_each        = local.oidc ? toset(module.realm.coalition_attributes) : toset([])
  realm_id        = module.realm.realm_id
  client_id       = keycloak_openid_client.broker[0].id
  name            = each.key
  protocol        = "openid-connect"
  protocol_mapper = "oidc-usermodel-attribute-mapper"
  config = merge(local.claim_switches, {
    "user.attribute"    = each.key
    "claim.name"        = each.key
    "jsonType.label"    = "String"
    "multivalued"       = tostring(each.key == "acpCOI")
    "aggregate.attrs"   = "false"
    "lightweight.claim" = "false"
  })
}

resource "keycloak_saml_client" "broker" {
  count                           = local.oidc ? 0 : 1
  realm_id                        = module.realm.realm_id
  client_id                       = var.broker_entity_id
  name                            = "DIVE coalition broker (SAML)"
  enabled                         = true
  front_channel_logout            = true
  valid_redirect_uris             = ["${var.broker_endpoint}*"]
  sign_assertions                 = true
  sign_documents                  = true
  client_signature_required       = false
  include_authn_statement         = true
  name_id_format                  = "username"
  force_name_id_format            = true
  assertion_consumer_post_url     = var.broker_endpoint
  logout_service_post_binding_url = var.broker_endpoint
}

resource "keycloak_generic_protocol_mapper" "saml_attribute" {
  for_each = local.oidc ? {} : merge(
    { for name in module.realm.coalition_attributes : name => "saml-user-attribute-mapper" },
  { for name in local.saml_user_properties : name => "saml-user-property-mapper" })
  realm_id        = module.realm.realm_id
  client_id       = keycloak_saml_client.broker[0].id
  name            = each.key
  protocol        = "saml"
  protocol_mapper = each.value
  config = merge({
    "user.attribute"       = each.key
    "attribute.name"       = each.key
    "friendly.name"        = each.key
    "attribute.nameformat" = "Basic"
  }, each.value == "saml-user-attribute-mapper" ? { "aggregate.attrs" = "false" } : {})
}
