output "realm" {
  description = "The broker realm's name."
  value       = module.realm.realm_id
}

output "issuer" {
  description = "The broker's issuer URL (the iss of its tokens)."
  value       = "${var.keycloak_url}/realms/${module.realm.realm_id}"
}

output "client_ids" {
  description = "The DIVE clients: the demo application and the resource server."
  value = {
    application     = keycloak_openid_client.application.client_id
    resource_server = keycloak_openid_client.resource_server.client_id
  }
}

output "identity_provider_aliases" {
  description = "The aliases of the national identity providers."
  value       = sort(concat(keys(keycloak_oidc_identity_provider.this), keys(keycloak_saml_identity_provider.this)))
}

output "endpoints" {
  description = "Where each national IdP sends its users back to the broker, by alias."
  value       = { for alias in keys(var.identity_providers) : alias => "${var.keycloak_url}/realms/${module.realm.realm_id}/broker/${alias}/endpoint" }
}

output "kas_url" {
  description = "The broker's Key Access Service (when enabled)."
  value       = var.kas.enabled ? "${var.keycloak_url}/realms/${module.realm.realm_id}/kas" : null
}
