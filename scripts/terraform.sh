# shellcheck shell=bash
# ./dive terraform: OpenTofu with the DIVE modules against the running stack's Keycloak. The example
# root module (terraform/examples/local-demo) keeps its state there (git-ignored); scripts/bin/tofu
# builds OpenTofu and the Keycloak provider on first use and writes the dev_overrides CLI config.

terraform_dir() { printf '%s/terraform/examples/local-demo' "$DIVE_ROOT"; }

cmd_terraform() { # tofu arguments... (default: plan)
  local dir
  dir="$(terraform_dir)"
  [[ $# -gt 0 ]] || set -- plan
  # The modules are local paths; tofu get installs them (tofu init refuses the dev_overrides provider).
  if [[ ! -f "$dir/.terraform/modules/modules.json" ]]; then
    "$DIVE_ROOT/scripts/bin/tofu" -chdir="$dir" get >/dev/null || die "tofu get failed in $dir"
  fi
  TF_VAR_keycloak_url="${TF_VAR_keycloak_url:-http://$DIVE_BIND:$DIVE_KEYCLOAK_PORT}" \
    TF_VAR_admin_username="${TF_VAR_admin_username:-$DIVE_ADMIN_USER}" \
    TF_VAR_admin_password="${TF_VAR_admin_password:-$DIVE_ADMIN_PASSWORD}" \
    "$DIVE_ROOT/scripts/bin/tofu" -chdir="$dir" "$@"
}
