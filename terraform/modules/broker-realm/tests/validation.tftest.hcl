# Bad input fails at plan, naming the variable (issue 14, must show 6). Run with `tofu test` in this
# module (scripts/bin/tofu -chdir=terraform/modules/broker-realm test): the provider is mocked, so no
# Keycloak is needed and nothing is applied.

mock_provider "keycloak" {}

variables {
  name                      = "tf-test-broker"
  keycloak_url              = "http://127.0.0.1:8080"
  application_redirect_uris = ["http://127.0.0.1/*"]
  resource_server_secret    = "test-secret"
  identity_providers = {
    fra = {
      display_name = "France"
      protocol     = "saml"
      trust        = { countries = ["FRA"], cois = ["NATO"], organization_types = ["GOV", "MIL"] }
      saml = {
        idp_entity_id              = "http://127.0.0.1:8080/realms/dive-fra"
        single_sign_on_service_url = "http://127.0.0.1:8080/realms/dive-fra/protocol/saml"
        single_logout_service_url  = "http://127.0.0.1:8080/realms/dive-fra/protocol/saml"
        metadata_url               = "http://127.0.0.1:8080/realms/dive-fra/protocol/saml/descriptor"
      }
    }
  }
}

run "a_saml_idp_with_metadata_plans" {
  command = plan
}

run "a_saml_idp_without_metadata_is_refused" {
  command = plan
  variables {
    identity_providers = {
      fra = {
        display_name = "France"
        protocol     = "saml"
        trust        = { countries = ["FRA"], cois = ["NATO"], organization_types = ["GOV", "MIL"] }
        saml = {
          idp_entity_id              = "http://127.0.0.1:8080/realms/dive-fra"
          single_sign_on_service_url = "http://127.0.0.1:8080/realms/dive-fra/protocol/saml"
          single_logout_service_url  = "http://127.0.0.1:8080/realms/dive-fra/protocol/saml"
        }
      }
    }
  }
  expect_failures = [var.identity_providers]
}

run "an_otp_threshold_that_is_not_a_level_is_refused" {
  command = plan
  variables {
    otp = { minimum_clearance = "SECRETISH", max_attempts = 5, enrollment_gate = "open" }
  }
  expect_failures = [var.otp]
}

run "an_unknown_enrollment_gate_is_refused" {
  command = plan
  variables {
    otp = { minimum_clearance = "SECRET", max_attempts = 5, enrollment_gate = "closed" }
  }
  expect_failures = [var.otp]
}

run "a_trusted_country_that_is_not_iso_alpha3_is_refused" {
  command = plan
  variables {
    identity_providers = {
      usa = {
        display_name = "United States"
        protocol     = "oidc"
        trust        = { countries = ["US"], cois = ["NATO"], organization_types = ["GOV"] }
        oidc = {
          issuer            = "http://127.0.0.1:8080/realms/dive-usa"
          authorization_url = "http://127.0.0.1:8080/realms/dive-usa/protocol/openid-connect/auth"
          token_url         = "http://127.0.0.1:8080/realms/dive-usa/protocol/openid-connect/token"
          user_info_url     = "http://127.0.0.1:8080/realms/dive-usa/protocol/openid-connect/userinfo"
          logout_url        = "http://127.0.0.1:8080/realms/dive-usa/protocol/openid-connect/logout"
          jwks_url          = "http://127.0.0.1:8080/realms/dive-usa/protocol/openid-connect/certs"
          client_id         = "dive-broker"
          client_secret     = "secret"
        }
      }
    }
  }
  expect_failures = [var.identity_providers]
}

run "a_redirect_uri_without_a_host_is_refused" {
  command = plan
  variables {
    application_redirect_uris = ["*"]
  }
  expect_failures = [var.application_redirect_uris]
}
