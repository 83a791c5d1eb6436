package system.authz_test

import data.system.authz

kas_token := "kas-token-0123456789abcdef"

resource_server_token := "resource-server-token-0123456789"

prometheus_token := "prometheus-token-0123456789abcdef"

# OPA's environment as ./dive sets it: the SHA-256 of each client's token.
runtime := {"env": {"DIVE_OPA_CLIENT_TOKENS_SHA256": json.marshal({
	"kas": crypto.sha256(kas_token),
	"resource-server": crypto.sha256(resource_server_token),
	"prometheus": crypto.sha256(prometheus_token),
})}}

# A request as OPA's basic authorizer describes it; token null: none sent.
call(method, path, params, token) := object.union(
	{"method": method, "path": split(trim_prefix(path, "/"), "/"), "params": params},
	{"identity": token | token != null},
)

test_health_is_open if {
	every req in [
		call("GET", "/health", {}, null),
		call("GET", "/health", {"bundles": [""]}, null),
		call("GET", "/health/ready", {}, null),
	] {
		authz.allow with input as req with opa.runtime as runtime
	}
}

test_the_bundle_status_is_open_and_nothing_else_of_system if {
	authz.allow with input as call("GET", "/v1/data/system/bundles", {}, null) with opa.runtime as runtime
	every req in [
		call("GET", "/v1/data/system", {}, null),
		call("GET", "/v1/data/system/authz", {}, null),
		call("GET", "/v1/data/system/bundles/dive", {}, null),
		call("PUT", "/v1/data/system/bundles", {}, null),
		call("GET", "/v1/data/system/bundles", {"explain": ["full"]}, null),
	] {
		not authz.allow with input as req with opa.runtime as runtime
	}
}

test_each_client_asks_its_own_decision if {
	authz.allow with input as call("POST", "/v1/data/dive/kas/decision", {}, kas_token) with opa.runtime as runtime
	authz.allow with input as call("POST", "/v1/data/dive/authz/decision", {}, resource_server_token)
		with opa.runtime as runtime
	not authz.allow with input as call("POST", "/v1/data/dive/authz/decision", {}, kas_token)
		with opa.runtime as runtime
	not authz.allow with input as call("POST", "/v1/data/dive/kas/decision", {}, resource_server_token)
		with opa.runtime as runtime
}

test_a_decision_needs_a_known_token if {
	every token in [null, "guessed", "", crypto.sha256(kas_token)] {
		not authz.allow with input as call("POST", "/v1/data/dive/kas/decision", {}, token) with opa.runtime as runtime
	}
}

test_without_the_environment_no_client_is_known if {
	kas := call("POST", "/v1/data/dive/kas/decision", {}, kas_token)
	not authz.allow with input as kas with opa.runtime as {"env": {}}
	not authz.allow with input as kas with opa.runtime as {"env": {"DIVE_OPA_CLIENT_TOKENS_SHA256": "not json"}}
	authz.allow with input as call("GET", "/health", {}, null) with opa.runtime as {"env": {}}
}

test_clients_cannot_write_query_or_read_other_documents if {
	every token in [kas_token, resource_server_token] {
		every req in [
			call("PUT", "/v1/data/x", {}, token),
			call("PUT", "/v1/data/dive/kas/decision", {}, token),
			call("PATCH", "/v1/data/dive", {}, token),
			call("DELETE", "/v1/data/dive", {}, token),
			call("PUT", "/v1/policies/x", {}, token),
			call("DELETE", "/v1/policies/dive/kas/kas.rego", {}, token),
			call("GET", "/v1/policies", {}, token),
			call("GET", "/v1/data", {}, token),
			call("GET", "/v1/data/dive/kas/decision", {}, token),
			call("POST", "/v1/data/dive/lib/reasons", {}, token),
			call("POST", "/v1/query", {}, token),
			call("GET", "/v1/query", {"q": ["opa.runtime()"]}, token),
			call("POST", "/v1/compile", {}, token),
			call("POST", "/", {}, token),
			call("GET", "/v1/config", {}, token),
			call("GET", "/v1/status", {}, token),
			call("GET", "/metrics", {}, token),
		] {
			not authz.allow with input as req with opa.runtime as runtime
		}
	}
}

test_a_decision_with_query_parameters_or_another_spelling_is_refused if {
	every req in [
		call("POST", "/v1/data/dive/kas/decision", {"explain": ["full"]}, kas_token),
		call("POST", "/v1/data/dive/kas/decision", {"provenance": [""]}, kas_token),
		call("POST", "/v1/data/dive/kas/decision/", {}, kas_token),
		call("POST", "/v1/data/dive/kas", {}, kas_token),
	] {
		not authz.allow with input as req with opa.runtime as runtime
	}
}

test_prometheus_reads_metrics_and_nothing_else if {
	authz.allow with input as call("GET", "/metrics", {}, prometheus_token) with opa.runtime as runtime
	every req in [
		call("GET", "/metrics", {}, null),
		call("GET", "/metrics", {}, "not-a-known-token"),
		call("GET", "/metrics", {"format": ["json"]}, prometheus_token),
		call("POST", "/metrics", {}, prometheus_token),
		call("POST", "/v1/data/dive/kas/decision", {}, prometheus_token),
		call("POST", "/v1/data/dive/authz/decision", {}, prometheus_token),
		call("GET", "/v1/data", {}, prometheus_token),
	] {
		not authz.allow with input as req with opa.runtime as runtime
	}
}
