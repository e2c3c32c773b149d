package system.authz_test

import data.system.authz

request(method, path) := {"method": method, "path": split(trim_prefix(path, "/"), "/")}

test_allows_the_health_check if authz.allow with input as request("GET", "/health")

test_allows_the_deploy_gate if {
	authz.allow with input as request("POST", "/v1/data/swiftdeploy/infrastructure/decision")
}

test_allows_the_promotion_gate if {
	authz.allow with input as request("POST", "/v1/data/swiftdeploy/canary/decision")
}

test_allows_reading_the_thresholds if authz.allow with input as request("GET", "/v1/data/thresholds")

test_refuses_writing_the_thresholds if {
	not authz.allow with input as request("PUT", "/v1/data/thresholds")
	not authz.allow with input as request("PATCH", "/v1/data/thresholds")
	not authz.allow with input as request("DELETE", "/v1/data/thresholds")
	not authz.allow with input as request("PUT", "/v1/data/thresholds/promotion")
}

test_refuses_writing_a_decision if {
	not authz.allow with input as request("PUT", "/v1/data/swiftdeploy/canary/decision")
}

test_refuses_writing_policies if {
	not authz.allow with input as request("PUT", "/v1/policies/evil")
	not authz.allow with input as request("DELETE", "/v1/policies/canary.rego")
}

test_refuses_other_decisions_and_rules if {
	not authz.allow with input as request("POST", "/v1/data/swiftdeploy/canary/allow")
	not authz.allow with input as request("POST", "/v1/data/swiftdeploy/other/decision")
	not authz.allow with input as request("POST", "/v1/data/system/authz/allow")
}

test_refuses_ad_hoc_queries_and_introspection if {
	not authz.allow with input as request("POST", "/v1/query")
	not authz.allow with input as request("GET", "/v1/query")
	not authz.allow with input as request("POST", "/v1/compile")
	not authz.allow with input as request("GET", "/v1/policies")
	not authz.allow with input as request("GET", "/v1/data")
	not authz.allow with input as request("GET", "/v1/config")
	not authz.allow with input as request("POST", "/")
}
