# Bad input to the example fails at plan, naming the variable (issue 14, must show 6); the demo's own
# input (demo.auto.tfvars.json) plans. The OTP, KAS and URL settings are validated by the broker
# module (its tests/). The provider is mocked: no Keycloak is needed, nothing is applied.

mock_provider "keycloak" {}

variables {
  admin_password = "unused"
}

run "the_demo_input_plans" {
  command = plan
  assert {
    condition     = length(module.national) == length(var.nations)
    error_message = "one national realm per nation"
  }
}

run "an_unknown_nation_code_is_refused" {
  command = plan
  variables {
    nations = {
      xyz = {
        country      = "XYZ"
        display_name = "Nowhere"
        protocol     = "oidc"
        trust        = { countries = ["XYZ"], cois = [], organization_types = ["GOV"] }
      }
    }
    demo_users = []
  }
  expect_failures = [var.nations]
}

run "a_realm_prefix_that_is_not_a_name_prefix_is_refused" {
  command = plan
  variables {
    realm_prefix = "TF_"
  }
  expect_failures = [var.realm_prefix]
}
