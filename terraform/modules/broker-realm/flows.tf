# The broker's flows (realm-config BrokerFlows): browser and direct grant with the clearance-conditional
# OTP sub-flow, and the post-broker-login flow run after every national IdP login.
#
# Every execution and sub-flow has an explicit priority (Keycloak 25+ orders by it), so that order
# does not depend on creation order and a reordering made by hand shows in the next plan
# (keycloak/terraform-provider-keycloak #296, #412, #890, #1363).
#
# Each execution's config has its own alias: Keycloak keeps one config per execution, and two
# executions sharing an alias would be one config for the provider and two for Keycloak.

locals {
  otp_settings = {
    "maxAttempts"    = tostring(var.otp.max_attempts)
    "enrollmentGate" = var.otp.enrollment_gate
  }
  clearance_condition = { "minimumClearance" = var.otp.minimum_clearance }

  # Top-level flow => description.
  flows = {
    browser      = { alias = "dive browser", description = "Cookie, national IdP redirect or password, then OTP when cleared" }
    direct_grant = { alias = "dive direct grant", description = "Password grant, with the totp parameter when cleared" }
    post_broker  = { alias = "dive post-broker OTP", description = "After a national IdP login: bind its assertions to the IdP, then OTP when cleared" }
  }

  # Sub-flows: key => parent flow key, alias, requirement, priority.
  subflows = {
    browser_forms = { parent = "browser", alias = "dive browser forms", requirement = "ALTERNATIVE", priority = 30,
    description = "Username and password, then OTP when cleared" }
    browser_otp = { parent = "browser_forms", alias = "dive browser OTP when cleared", requirement = "CONDITIONAL", priority = 20,
    description = "OTP for ${var.otp.minimum_clearance} and above" }
    direct_grant_otp = { parent = "direct_grant", alias = "dive direct-grant OTP when cleared", requirement = "CONDITIONAL", priority = 30,
    description = "totp parameter for ${var.otp.minimum_clearance} and above" }
    post_broker_otp = { parent = "post_broker", alias = "dive post-broker OTP when cleared", requirement = "CONDITIONAL", priority = 10,
    description = "OTP for ${var.otp.minimum_clearance} and above" }
  }

  # Executions: key => parent (flow or sub-flow key), authenticator, requirement, priority, config.
  executions = {
    browser_cookie         = { parent = "browser", authenticator = "auth-cookie", requirement = "ALTERNATIVE", priority = 10, config = null }
    browser_idp_redirect   = { parent = "browser", authenticator = "identity-provider-redirector", requirement = "ALTERNATIVE", priority = 25, config = null }
    browser_password       = { parent = "browser_forms", authenticator = "auth-username-password-form", requirement = "REQUIRED", priority = 10, config = null }
    browser_condition      = { parent = "browser_otp", authenticator = "dive-condition-clearance-at-least", requirement = "REQUIRED", priority = 10, config = local.clearance_condition }
    browser_otp            = { parent = "browser_otp", authenticator = "dive-otp-form", requirement = "REQUIRED", priority = 20, config = local.otp_settings }
    direct_grant_username  = { parent = "direct_grant", authenticator = "direct-grant-validate-username", requirement = "REQUIRED", priority = 10, config = null }
    direct_grant_password  = { parent = "direct_grant", authenticator = "direct-grant-validate-password", requirement = "REQUIRED", priority = 20, config = null }
    direct_grant_condition = { parent = "direct_grant_otp", authenticator = "dive-condition-clearance-at-least", requirement = "REQUIRED", priority = 10, config = local.clearance_condition }
    direct_grant_otp       = { parent = "direct_grant_otp", authenticator = "dive-direct-grant-otp", requirement = "REQUIRED", priority = 20, config = null }
    # First: a refused or stripped attribute must never reach the OTP condition or a token.
    post_broker_trust     = { parent = "post_broker", authenticator = "dive-idp-trust", requirement = "REQUIRED", priority = 5, config = null }
    post_broker_condition = { parent = "post_broker_otp", authenticator = "dive-condition-clearance-at-least", requirement = "REQUIRED", priority = 10, config = local.clearance_condition }
    post_broker_otp       = { parent = "post_broker_otp", authenticator = "dive-otp-form", requirement = "REQUIRED", priority = 20, config = local.otp_settings }
    # A flow whose only step is a skipped conditional fails; users below the threshold pass here.
    post_broker_allow = { parent = "post_broker", authenticator = "allow-access-authenticator", requirement = "REQUIRED", priority = 20, config = null }
  }
  flow_aliases = merge({ for key, flow in local.flows : key => flow.alias }, { for key, flow in local.subflows : key => flow.alias })
}

resource "keycloak_authentication_flow" "this" {
  for_each    = local.flows
  realm_id    = module.realm.realm_id
  alias       = each.value.alias
  description = each.value.description
  provider_id = "basic-flow"
}

# Sub-flows nest at most two deep here: the first level under the top-level flows, then the OTP
# sub-flow under the browser's forms.
resource "keycloak_authentication_subflow" "first" {
  for_each          = { for key, flow in local.subflows : key => flow if contains(keys(local.flows), flow.parent) }
  realm_id          = module.realm.realm_id
  parent_flow_alias = keycloak_authentication_flow.this[each.value.parent].alias
  alias             = each.value.alias
  description       = each.value.description
  provider_id       = "basic-flow"
  requirement       = each.value.requirement
  priority          = each.value.priority
}

resource "keycloak_authentication_subflow" "second" {
  for_each          = { for key, flow in local.subflows : key => flow if !contains(keys(local.flows), flow.parent) }
  realm_id          = module.realm.realm_id
  parent_flow_alias = keycloak_authentication_subflow.first[each.value.parent].alias
  alias             = each.value.alias
  description       = each.value.description
  provider_id       = "basic-flow"
  requirement       = each.value.requirement
  priority          = each.value.priority
}

resource "keycloak_authentication_execution" "this" {
  for_each          = local.executions
  realm_id          = module.realm.realm_id
  parent_flow_alias = local.flow_aliases[each.value.parent]
  authenticator     = each.value.authenticator
  requirement       = each.value.requirement
  priority          = each.value.priority
  # The parent (sub-)flow must exist first; its alias alone is a plain string.
  depends_on = [keycloak_authentication_flow.this, keycloak_authentication_subflow.first, keycloak_authentication_subflow.second]
}

resource "keycloak_authentication_execution_config" "this" {
  for_each     = { for key, execution in local.executions : key => execution if execution.config != null }
  realm_id     = module.realm.realm_id
  execution_id = keycloak_authentication_execution.this[each.key].id
  alias        = "dive-${replace(each.key, "_", "-")}"
  config       = each.value.config
}

resource "keycloak_authentication_bindings" "this" {
  realm_id          = module.realm.realm_id
  browser_flow      = keycloak_authentication_flow.this["browser"].alias
  direct_grant_flow = keycloak_authentication_flow.this["direct_grant"].alias
  # Bound only once complete: a half-made flow would lock users out.
  depends_on = [keycloak_authentication_execution_config.this]
}
