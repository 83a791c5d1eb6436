# One identity provider per nation (realm-config IdentityProviders): OIDC, or SAML (France in the
# demo), re-importing the coalition attributes on every login (sync mode FORCE), with what the IdP may
# assert in its dive.trust.* config (enforced by the post-broker flow's first step and in OPA).

locals {
  oidc_idps = { for alias, idp in var.identity_providers : alias => idp if idp.protocol == "oidc" }
  saml_idps = { for alias, idp in var.identity_providers : alias => idp if idp.protocol == "saml" }

  # A key with no value is left out (Keycloak drops empty config values, which would read back as
  # drift); the IdP trust reads a missing key as "may assert nothing", the same as an empty one.
  trust_config = { for alias, idp in var.identity_providers : alias => { for key, values in {
    "dive.trust.countries"         = idp.trust.countries
    "dive.trust.cois"              = idp.trust.cois
    "dive.trust.organizationTypes" = idp.trust.organization_types
  } : key => join(",", sort(values)) if length(values) > 0 } }

  # uniqueID is never taken from the IdP: the broker sets <IdP subject>@<IdP alias>.
  imported_attributes  = [for name in module.realm.coalition_attributes : name if name != "uniqueID"]
  saml_user_properties = ["email", "firstName", "lastName"]
  attribute_importers = merge([for alias, idp in var.identity_providers : {
    for name in concat(local.imported_attributes, idp.protocol == "saml" ? local.saml_user_properties : []) :
    "${alias}/${name}" => { alias = alias, name = name, saml = idp.protocol == "saml" }
  }]...)
}

resource "keycloak_oidc_identity_provider" "this" {
  for_each                      = local.oidc_idps
  realm                         = module.realm.realm_id
  alias                         = each.key
  display_name                  = each.value.display_name
  provider_id                   = "keycloak-oidc"
  enabled                       = true
  trust_email                   = true
  store_token                   = false
  sync_mode                     = "FORCE"
  first_broker_login_flow_alias = "first broker login"
  post_broker_login_flow_alias  = keycloak_authentication_flow.this["post_broker"].alias
  issuer                        = each.value.oidc.issuer
  authorization_url             = each.value.oidc.authorization_url
  token_url                     = each.value.oidc.token_url
  user_info_url                 = each.value.oidc.user_info_url
  logout_url                    = each.value.oidc.logout_url
  jwks_url                      = each.value.oidc.jwks_url
  client_id                     = each.value.oidc.client_id
  client_secret                 = each.value.oidc.client_secret
  validate_signature            = true
  backchannel_supported         = false
  default_scopes                = "openid profile email"
  extra_config = merge(local.trust_config[each.key], {
    "clientAuthMethod" = "client_secret_post"
    "pkceEnabled"      = "true"
    "pkceMethod"       = "S256"
  })
  depends_on = [keycloak_authentication_execution_config.this]
}

resource "keycloak_saml_identity_provider" "this" {
  for_each                      = local.saml_idps
  realm                         = module.realm.realm_id
  alias                         = each.key
  display_name                  = each.value.display_name
  enabled                       = true
  trust_email                   = true
  store_token                   = false
  sync_mode                     = "FORCE"
  first_broker_login_flow_alias = "first broker login"
  post_broker_login_flow_alias  = keycloak_authentication_flow.this["post_broker"].alias
  entity_id                     = "${var.keycloak_url}/realms/${module.realm.realm_id}"
  single_sign_on_service_url    = each.value.saml.single_sign_on_service_url
  single_logout_service_url     = each.value.saml.single_logout_service_url
  name_id_policy_format         = "Unspecified"
  principal_type                = "SUBJECT"
  post_binding_response         = true
  post_binding_authn_request    = true
  post_binding_logout           = true
  want_authn_requests_signed    = false
  want_assertions_signed        = true
  # Verify the national IdP's signature with the keys its metadata publishes.
  validate_signature = true
  extra_config = merge(local.trust_config[each.key], {
    "idpEntityId"              = each.value.saml.idp_entity_id
    "metadataDescriptorUrl"    = each.value.saml.metadata_url
    "useMetadataDescriptorUrl" = "true"
    "allowCreate"              = "true"
  })
  depends_on = [keycloak_authentication_execution_config.this]
}

resource "keycloak_custom_identity_provider_mapper" "attribute" {
  for_each                 = local.attribute_importers
  realm                    = module.realm.realm_id
  name                     = each.value.name
  identity_provider_alias  = each.value.saml ? keycloak_saml_identity_provider.this[each.value.alias].alias : keycloak_oidc_identity_provider.this[each.value.alias].alias
  identity_provider_mapper = each.value.saml ? "saml-user-attribute-idp-mapper" : "oidc-user-attribute-idp-mapper"
  extra_config = merge({
    "syncMode"       = "INHERIT"
    "user.attribute" = each.value.name
  }, each.value.saml ? { "attribute.name" = each.value.name } : { "claim" = each.value.name })
}
