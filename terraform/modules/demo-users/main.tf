# The demo users (optional; realm-config DemoUsers): every national realm's users, one per clearance
# level with their native markings, and the broker's local accounts. Local demo only: the password
# is published in the README.

terraform {
  required_providers {
    keycloak = { source = "keycloak/keycloak", version = "5.9.0" }
  }
}

variable "realms" {
  description = "Realm name by the users' realm key (a nation's alias, or \"broker\")."
  type        = map(string)
}

variable "users" {
  description = "The users; attributes are the coalition attributes (uniqueID is derived: <username>@<realm>)."
  type = list(object({
    realm                  = string
    username               = string
    first_name             = string
    last_name              = string
    email                  = string
    attributes             = map(list(string))
    realm_management_roles = list(string)
  }))
  validation {
    condition     = length(distinct([for user in var.users : "${user.realm}/${user.username}"])) == length(var.users)
    error_message = "var.users: a username appears twice in one realm."
  }
}

variable "password" {
  description = "Every demo user's password (local demo only)."
  type        = string
  sensitive   = true
}

locals {
  users = { for user in var.users : "${user.realm}/${user.username}" => merge(user, { realm_name = var.realms[user.realm] }) }
}

resource "keycloak_user" "this" {
  for_each       = local.users
  realm_id       = each.value.realm_name
  username       = each.value.username
  enabled        = true
  email          = each.value.email
  email_verified = true
  first_name     = each.value.first_name
  last_name      = each.value.last_name
  # The provider joins several values with "##"; an attribute with no value is left out.
  attributes = merge({ uniqueID = "${each.value.username}@${each.value.realm_name}" },
  { for name, values in each.value.attributes : name => join("##", values) if length(values) > 0 })
  initial_password {
    value     = var.password
    temporary = false
  }
}

data "keycloak_openid_client" "realm_management" {
  for_each  = toset([for user in values(local.users) : user.realm_name if length(user.realm_management_roles) > 0])
  realm_id  = each.key
  client_id = "realm-management"
}

data "keycloak_role" "realm_management" {
  for_each = merge([for key, user in local.users : {
    for role in user.realm_management_roles : "${user.realm_name}/${role}" => { realm = user.realm_name, role = role }
  }]...)
  realm_id  = each.value.realm
  client_id = data.keycloak_openid_client.realm_management[each.value.realm].id
  name      = each.value.role
}

# Not exhaustive: the user keeps the realm's default roles Keycloak granted at creation.
resource "keycloak_user_roles" "realm_management" {
  for_each   = { for key, user in local.users : key => user if length(user.realm_management_roles) > 0 }
  realm_id   = each.value.realm_name
  user_id    = keycloak_user.this[each.key].id
  exhaustive = false
  role_ids   = [for role in each.value.realm_management_roles : data.keycloak_role.realm_management["${each.value.realm_name}/${role}"].id]
}

output "usernames" {
  description = "The users created, as <realm>/<username>."
  value       = sort([for user in values(keycloak_user.this) : "${user.realm_id}/${user.username}"])
}
