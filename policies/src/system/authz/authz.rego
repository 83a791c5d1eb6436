# METADATA
# title: Who may use OPA's own REST API
# description: |
#   OPA runs with --authentication=token --authorization=basic, so this policy decides every
#   request to its API (input: method, path, params, identity = the bearer token). Anonymous
#   callers get health and the bundle status only; Prometheus, with its own token, GET /metrics
#   only. A DIVE client, known by the SHA-256 of its token, may POST its own decision document and
#   nothing else: no policy or data writes, no
#   reads of other documents, no ad-hoc queries (/v1/query, opa.runtime()), no query parameters
#   (explain, instrument, provenance). The token hashes come from OPA's environment:
#   DIVE_OPA_CLIENT_TOKENS_SHA256 = {"<client>": "<hex SHA-256 of its token>"} (JSON); without it
#   no client is known and only the anonymous requests answer.
# entrypoint: true
package system.authz

# Everything not allowed below is refused (HTTP 401).
default allow := false

# First, as nearly every request is this one: a client asks its decision. One SHA-256 of the token
# and one lookup (the hashes indexed by value), one comparison of the whole path. This policy runs
# before every decision; most of its ~25 µs is reading opa.runtime() and json.unmarshal of the
# environment, and OPA's building, parsing and compiling the query around it per request costs ~4×
# that: rewriting these rules saves little (BENCHMARKS.md, issue 16, fifth stop).
allow if {
	input.method == "POST"
	input.path == decision_paths[client]
	no_parameters
}

# Health checks (./dive status, load balancers): /health, /health/live, /health/ready, ?bundles.
allow if {
	input.method == "GET"
	input.path[0] == "health"
}

# The bundle's name and revision (./dive status, FoundationIT); no secret is in there.
allow if {
	input.method == "GET"
	input.path == ["v1", "data", "system", "bundles"]
	no_parameters
}

# Prometheus, with a token of its own, may read OPA's metrics (the diagnostic address) and nothing else.
allow if {
	input.method == "GET"
	input.path == ["metrics"]
	client == "prometheus"
	no_parameters
}

# METADATA
# description: The one decision document each client may ask for (its whole request path).
decision_paths := {
	"kas": ["v1", "data", "dive", "kas", "decision"],
	"resource-server": ["v1", "data", "dive", "authz", "decision"],
}

# METADATA
# description: The client whose token the request carries; undefined for any other token.
client := clients_by_token_hash[crypto.sha256(input.identity)]

clients_by_token_hash[hash] := name if {
	some name, hash in json.unmarshal(opa.runtime().env.DIVE_OPA_CLIENT_TOKENS_SHA256)
}

no_parameters if count(object.get(input, "params", {})) == 0
