# The demo users (optional; realm-config DemoUsers): every national realm's users, one per clearance
# level with their native markings, and the broker's local accounts. Local demo only: the password
# is published in the README.

terraform {
  required_providers {
    keycloak = { source = "keycloak/keycloak", version = "5.9.0" }
  }
}

variable "realms" {
  description = "Realm name by the users' realm key (a nation's alias, or \"broker\"); known at plan (the provider plans a user's attributes as null when a value in them is unknown, then fails the apply)."
  type        = map(string)
}

variable "realms_ready" {
  description = "Anything known once the realms and their user profiles exist (their ids): the users wait for it."
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

# The users are made after the realms and their user profiles (undeclared attributes would be
# dropped). Not through depends_on on the module: that would defer this module's data sources to
# apply time whenever a realm has any change pending, and show its role grants as changing.
resource "terraform_data" "realms_ready" {
  input = var.realms_ready
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
  depends_on = [terraform_data.realms_ready]
}

# Keyed by the users' realm keys (known at plan), not by realm names (known once the realms exist).
data "keycloak_openid_client" "realm_management" {
  for_each   = toset([for user in var.users : user.realm if length(user.realm_management_roles) > 0])
  realm_id   = var.realms[each.key]
  client_id  = "realm-management"
  depends_on = [terraform_data.realms_ready]
}

data "keycloak_role" "realm_management" {
  for_each = merge([for user in var.users : {
    for role in user.realm_management_roles : "${user.realm}/${role}" => { realm = user.realm, role = role }
  }]...)
  realm_id  = var.realms[each.value.realm]
  client_id = data.keycloak_openid_client.realm_management[each.value.realm].id
  name      = each.value.role
}

# Not exhaustive: the user keeps the realm's default roles Keycloak granted at creation.
resource "keycloak_user_roles" "realm_management" {
  for_each   = { for key, user in local.users : key => user if length(user.realm_management_roles) > 0 }
  realm_id   = each.value.realm_name
  user_id    = keycloak_user.this[each.key].id
  exhaustive = false
  role_ids   = [for role in each.value.realm_management_roles : data.keycloak_role.realm_management["${each.value.realm}/${role}"].id]
}

output "usernames" {
  description = "The users created, as <realm>/<username>."
  value       = sort([for user in values(keycloak_user.this) : "${user.realm_id}/${user.username}"])
}
