# shellcheck shell=bash
# nginx (Debian): the KAS origins. OpenTDF SDKs take a key access object's URL, drop its path and
# call the root of its origin (POST /kas.AccessService/Rewrap, /.well-known/opentdf-configuration,
# ...), while a Keycloak realm extension lives under /realms/<realm>/kas/. So each KAS-enabled realm
# gets an origin of its own — one loopback port here — whose root is that realm's KAS; the realm's
# dive.kas.url names it (the broker realm's file says ${DIVE_KAS_URL}). The same configuration,
# with TLS and a host name per realm, is what an operator puts in front of Keycloak (README).

NGINX_DIR="$DIVE_STATE_DIR/nginx"

nginx_install() { command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || apt_install nginx-light; }

nginx_bin() { command -v nginx 2>/dev/null || printf '/usr/sbin/nginx'; }

nginx_ports() { echo DIVE_KAS_PORT; }

nginx_healthy() { port_in_use "$DIVE_KAS_PORT"; }

# One server block per realm=port of DIVE_KAS_ORIGINS, to the Keycloak at $1:$2.
nginx_servers() { # keycloak host, keycloak port
  local origin realm port
  for origin in $DIVE_KAS_ORIGINS; do
    realm="${origin%%=*}" port="${origin#*=}"
    cat <<CONF
  server {
    listen $DIVE_BIND:$port;
    # The origin's root is the realm's KAS: /kas.AccessService/Rewrap -> /realms/$realm/kas/kas.AccessService/Rewrap.
    location / {
      proxy_pass http://keycloak/realms/$realm/kas/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $1:$2;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
    }
  }
CONF
  done
}

nginx_start() {
  nginx_install
  private_state "$NGINX_DIR"
  mkdir -p "$NGINX_DIR/tmp"
  cat >"$NGINX_DIR/nginx.conf" <<CONF
daemon off;
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
    server $DIVE_BIND:$DIVE_KEYCLOAK_PORT;
    keepalive 32;
  }
$(nginx_servers "$DIVE_BIND" "$DIVE_KEYCLOAK_PORT")
}
CONF
  launch nginx "$(nginx_bin)" -p "$NGINX_DIR" -e stderr -c "$NGINX_DIR/nginx.conf"
  wait_until nginx "listening" nginx_healthy
}

nginx_details() { # for ./dive status
  local origin
  for origin in $DIVE_KAS_ORIGINS; do
    printf '  KAS origin of realm %s: http://%s:%s/\n' "${origin%%=*}" "$DIVE_BIND" "${origin#*=}"
  done
}
