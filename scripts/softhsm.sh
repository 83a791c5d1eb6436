# shellcheck shell=bash
# SoftHSM2 token for the KAS pkcs11 key provider: keys generated IN the token (sensitive, never
# extractable); a certificate per key (same CKA_ID) because SunPKCS11 only lists private keys that
# have one. Only public keys leave the token. State in $DIVE_STATE_DIR/softhsm. The PINs reach
# pkcs11-tool through its env:NAME form and Keycloak through its environment, never an argument.

HSM_TOKEN_LABEL="dive-kas"

softhsm_install() {
  command -v softhsm2-util >/dev/null 2>&1 || apt_install softhsm2
  command -v pkcs11-tool >/dev/null 2>&1 || apt_install opensc
  command -v openssl >/dev/null 2>&1 || apt_install openssl
}

softhsm_dir() { printf '%s/softhsm' "$DIVE_STATE_DIR"; }
softhsm_conf() { printf '%s/softhsm2.conf' "$(softhsm_dir)"; }
softhsm_slot() { cat "$(softhsm_dir)/slot"; }

softhsm_token() { # initialises the token once, with the KAS keys
  local dir
  dir="$(softhsm_dir)"
  [[ -f "$dir/slot" ]] && return 0
  info "initialising a SoftHSM2 token '$HSM_TOKEN_LABEL' with the KAS keys (generated in the token)"
  rm -rf "$dir" && mkdir -p "$dir/tokens" "$dir/work"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
    "$dir/tokens" >"$(softhsm_conf)"
  local -x SOFTHSM2_CONF HSM_SO_PIN HSM_PIN="$DIVE_HSM_PIN"
  SOFTHSM2_CONF="$(softhsm_conf)"
  HSM_SO_PIN="$(random_secret)" # used once, then forgotten: nothing needs the SO role afterwards
  local p11=(pkcs11-tool --module "$DIVE_HSM_MODULE")
  # A fresh token folder has one slot, with an uninitialised token.
  "${p11[@]}" --slot-index 0 --init-token --label "$HSM_TOKEN_LABEL" --so-pin env:HSM_SO_PIN >/dev/null 2>&1 \
    && "${p11[@]}" --token-label "$HSM_TOKEN_LABEL" --init-pin --so-pin env:HSM_SO_PIN --pin env:HSM_PIN >/dev/null 2>&1 \
    || die "pkcs11-tool could not initialise the token in $dir (module $DIVE_HSM_MODULE)"
  p11+=(--token-label "$HSM_TOKEN_LABEL" --login --pin env:HSM_PIN)
  "${p11[@]}" --keypairgen --key-type rsa:2048 --label dive-kas-rsa --id 01 --usage-decrypt --sensitive >/dev/null 2>&1 \
    || die "RSA key generation in the token failed"
  "${p11[@]}" --keypairgen --key-type EC:prime256v1 --label dive-kas-ec --id 02 --usage-derive --sensitive >/dev/null 2>&1 \
    || die "EC key generation in the token failed"
  # Certificates only carry the public keys (issued by a throw-away local CA; nothing checks them).
  local work="$dir/work" pair id label
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" -days 3650 \
    -subj "/CN=DIVE KAS token placeholder CA" >/dev/null 2>&1 || die "openssl could not make the placeholder CA"
  for pair in "01 dive-kas-rsa" "02 dive-kas-ec"; do
    read -r id label <<<"$pair"
    "${p11[@]}" --read-object --type pubkey --id "$id" -o "$work/$label.pub.der" >/dev/null 2>&1 \
      || die "could not read the public key $label from the token"
    openssl pkey -pubin -inform DER -in "$work/$label.pub.der" -out "$work/$label.pub.pem" \
      && openssl req -new -newkey rsa:2048 -nodes -keyout /dev/null -subj "/CN=$label" -out "$work/$label.csr" >/dev/null 2>&1 \
      && openssl x509 -req -in "$work/$label.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 3650 \
        -force_pubkey "$work/$label.pub.pem" -outform DER -out "$work/$label.crt.der" >/dev/null 2>&1 \
      && "${p11[@]}" --write-object "$work/$label.crt.der" --type cert --id "$id" --label "$label" >/dev/null 2>&1 \
      || die "could not store the certificate of $label in the token"
  done
  rm -rf "$work"
  # SunPKCS11 selects a slot by id, which SoftHSM2 assigns when the token is initialised.
  local slot
  slot="$(pkcs11-tool --module "$DIVE_HSM_MODULE" -L 2>/dev/null | awk -v l="$HSM_TOKEN_LABEL" '
    /^Slot [0-9]+ \(0x/ { id=$3; gsub(/[():]/, "", id) }
    /token label/ { sub(/^[^:]*: /, ""); if ($0 == l) { print id; exit } }')"
  [[ -n "$slot" ]] || die "the SoftHSM2 token '$HSM_TOKEN_LABEL' has no slot"
  printf '%d\n' "$slot" >"$dir/slot"
}
