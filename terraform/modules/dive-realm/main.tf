# What the broker and the national realms share (realm-config RealmBase, UserProfile): the realm with
# the DIVE login theme, locales and brute-force protection, and its user profile.
#
# The user profile: the coalition attributes are visible to the user and editable only by
# administrators (or, in the broker, by the national IdP's attribute import), so that nobody raises
# their own clearance or changes their nation. Names and e-mail are required only in national realms,
# so that a brokered first login never stops on a review form.

terraform {
  required_providers {
    keycloak = { source = "keycloak/keycloak", version = "5.9.0" }
  }
}

variable "name" {
  description = "The realm's name."
  type        = string
}

variable "display_name" {
  description = "The realm's display name (login pages)."
  type        = string
}

variable "attributes" {
  description = "Realm attributes (acr.loa.map, dive.kas.*)."
  type        = map(string)
  default     = {}
}

variable "national" {
  description = "true in a national IdP realm: e-mail and names are required of users there."
  type        = bool
}

locals {
  # name => display name, in the order the profile lists them.
  coalition_attributes = [
    { name = "uniqueID", display_name = "Coalition unique ID", multi_valued = false },
    { name = "clearance", display_name = "Clearance (national marking)", multi_valued = false },
    { name = "clearanceCountry", display_name = "Clearance issuing country (ISO 3166-1 alpha-3)", multi_valued = false },
    { name = "countryOfAffiliation", display_name = "Country of affiliation (ISO 3166-1 alpha-3)", multi_valued = false },
    { name = "acpCOI", display_name = "Communities of interest", multi_valued = true },
    { name = "organizationType", display_name = "Organization type (GOV, MIL, INDUSTRY)", multi_valued = false },
  ]
  person_attributes = [
    { name = "email", validator = "email" },
    { name = "firstName", validator = "person-name-prohibited-characters" },
    { name = "lastName", validator = "person-name-prohibited-characters" },
  ]
}

resource "keycloak_realm" "this" {
  realm                 = var.name
  display_name          = var.display_name
  enabled               = true
  login_theme           = "dive"
  ssl_required          = "external"
  access_token_lifespan = "5m"
  attributes            = var.attributes

  internationalization {
    supported_locales = ["en", "fr", "de"]
    default_locale    = "en"
  }

  # Keycloak's default lockout settings, switched on (the realm files' bruteForceProtected).
  security_defenses {
    brute_force_detection {
      permanent_lockout                = false
      max_login_failures               = 30
      wait_increment_seconds           = 60
      quick_login_check_milli_seconds  = 1000
      minimum_quick_login_wait_seconds = 60
      max_failure_wait_seconds         = 900
      failure_reset_time_seconds       = 43200
    }
  }
}

resource "keycloak_realm_user_profile" "this" {
  realm_id = keycloak_realm.this.id

  attribute {
    name         = "username"
    display_name = "$${username}"
    permissions {
      view = ["admin", "user"]
      edit = ["admin", "user"]
    }
    validator {
      name   = "length"
      config = { min = "3", max = "255" }
    }
    validator { name = "username-prohibited-characters" }
    validator { name = "up-username-not-idn-homograph" }
  }

  dynamic "attribute" {
    for_each = local.person_attributes
    content {
      name               = attribute.value.name
      display_name       = "$${${attribute.value.name}}"
      required_for_roles = var.national ? ["user"] : []
      permissions {
        view = ["admin", "user"]
        edit = ["admin", "user"]
      }
      validator {
        name   = "length"
        config = { max = "255" }
      }
      validator { name = attribute.value.validator }
    }
  }

  dynamic "attribute" {
    for_each = local.coalition_attributes
    content {
      name         = attribute.value.name
      display_name = attribute.value.display_name
      multi_valued = attribute.value.multi_valued
      group        = "dive-coalition"
      permissions {
        view = ["admin", "user"]
        edit = ["admin"]
      }
      validator {
        name   = "length"
        config = { max = "255" }
      }
    }
  }

  group {
    name                = "user-metadata"
    display_header      = "User metadata"
    display_description = "Attributes, which refer to user metadata"
  }

  group {
    name                = "dive-coalition"
    display_header      = "Coalition attributes"
    display_description = "Set by the national identity provider or an administrator; users cannot change them"
  }
}

output "realm_id" {
  description = "The realm's id (its name), for the resources of the realm."
  # Through the user profile: nothing may create users before the profile declares their attributes.
  value = keycloak_realm_user_profile.this.realm_id
}

output "coalition_attributes" {
  description = "The coalition attribute names, in profile order."
  value       = [for a in local.coalition_attributes : a.name]
}
