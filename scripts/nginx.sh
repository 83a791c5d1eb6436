# shellcheck shell=bash
# nginx (Debian): the KAS origins. OpenTDF SDKs take a key access object's URL, drop its path and
# call the root of its origin (POST /kas.AccessService/Rewrap, /.well-known/opentdf-configuration,
# ...), while a Keycloak realm extension lives under /realms/<realm>/kas/. So each KAS-enabled realm
# gets an origin of its own — one loopback port here — whose root is that realm's KAS; the realm's
# dive.kas.url names it (the broker realm's file says ${DIVE_KAS_URL}). The same configuration,
# with TLS and a host name per realm, is what an operator puts in front of Keycloak (README).
# The two-node cluster (scripts/cluster.sh) runs one too: its upstream holds both nodes.

nginx_install() { command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || apt_install nginx-light; }

nginx_bin() { command -v nginx 2>/dev/null || printf '/usr/sbin/nginx'; }

nginx_ports() { echo DIVE_KAS_PORT; }

nginx_healthy() { port_in_use "$DIVE_KAS_PORT"; }

# One server block per realm=port of the origins, to the upstream "keycloak". The Host header names
# the first Keycloak: the KAS never takes its address from Host (io.dive.kas.KasAddress).
nginx_servers() { # origins (realm=port ...), first Keycloak as host:port
  local origin realm port
  for origin in $1; do
    realm="${origin%%=*}" port="${origin#*=}"
    cat <<CONF
  server {
    listen $DIVE_BIND:$port;
    # The origin's root is the realm's KAS: /kas.AccessService/Rewrap -> /realms/$realm/kas/kas.AccessService/Rewrap.
    location / {
      proxy_pass http://keycloak/realms/$realm/kas/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $2;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
    }
  }
CONF
  done
}

nginx_start() {
  nginx_launch "$DIVE_KAS_PORT" "$DIVE_KAS_ORIGINS" "$DIVE_BIND:$DIVE_KEYCLOAK_PORT"
}

# nginx in $DIVE_STATE_DIR/nginx for the origins, in front of the Keycloak nodes at host:port...;
# ready when the first origin's port listens.
nginx_launch() { # first origin's port, origins (realm=port ...), Keycloak host:port...
  local ready_port="$1" origins="$2" node upstream=""; shift 2
  local NGINX_DIR="$DIVE_STATE_DIR/nginx"
  for node in "$@"; do upstream+="    server $node;"$'\n'; done
  nginx_install
  private_state "$NGINX_DIR"
  mkdir -p "$NGINX_DIR/tmp"
  # Run as root, nginx would hand its worker to another account, which could not use the private
  # state folder: the worker stays the account that runs the stack, as every other component does.
  local user_line=""
  (( EUID == 0 )) && user_line="user $(id -un) $(id -gn);"
  cat >"$NGINX_DIR/nginx.conf" <<CONF
daemon off;
$user_line
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log stderr warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $NGINX_DIR/tmp/body;
  proxy_temp_path $NGINX_DIR/tmp/proxy;
  fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
  uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
  scgi_temp_path $NGINX_DIR/tmp/scgi;
  # A rewrap request is at most a few hundred KiB; the KAS refuses Connect messages over 2 MiB.
  client_max_body_size 4m;
  upstream keycloak {
${upstream}    keepalive 32;
  }
$(nginx_servers "$origins" "$1")
}
CONF
  launch nginx "$(nginx_bin)" -p "$NGINX_DIR" -e stderr -c "$NGINX_DIR/nginx.conf"
  wait_until nginx "listening" port_in_use "$ready_port"
}

nginx_details() { # for ./dive status: the origins, when nginx serves them
  nginx_healthy && running_pid nginx >/dev/null || return 0
  local origin
  for origin in $DIVE_KAS_ORIGINS; do
    printf '  KAS origin of realm %s: http://%s:%s/\n' "${origin%%=*}" "$DIVE_BIND" "${origin#*=}"
  done
}
