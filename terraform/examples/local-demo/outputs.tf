output "broker_issuer" {
  description = "The broker's issuer URL."
  value       = module.broker.issuer
}

output "national_issuers" {
  description = "Each national realm's issuer URL, by IdP alias."
  value       = { for alias, nation in module.national : alias => nation.issuer }
}

output "client_ids" {
  description = "The broker's DIVE clients."
  value       = module.broker.client_ids
}

output "identity_provider_aliases" {
  description = "The broker's national identity providers."
  value       = module.broker.identity_provider_aliases
}

output "kas_url" {
  description = "The broker's Key Access Service."
  value       = module.broker.kas_url
}
