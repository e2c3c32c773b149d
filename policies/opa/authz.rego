# OPA's own HTTP API authorization (`opa run --authorization=basic`): OPA asks data.system.authz.allow
# before every request. Policies and thresholds come from files on the host (`--watch` reloads them),
# so no client ever needs to write: every container on the private network may ask the decisions
# the gates need and read the thresholds, and nothing else — no PUT, PATCH or DELETE of data or
# policies (a canary approving its own promotion), no ad-hoc queries (http.send from inside OPA),
# no reading the policies or the config.
package system.authz

# The gates SwiftDeploy asks, as POST /v1/data/swiftdeploy/<gate>/decision.
decision_gates := {"infrastructure", "canary"}

default allow := false

# The container's health check and the clients' readiness wait.
allow if {
	input.method == "GET"
	input.path == ["health"]
}

# The deploy gate, `swiftdeploy promote` and `swiftdeploy validate`.
allow if {
	input.method == "POST"
	some gate in decision_gates
	input.path == ["v1", "data", "swiftdeploy", gate, "decision"]
}

# The deploy gate waits until OPA has loaded this update's thresholds.
allow if {
	input.method == "GET"
	input.path == ["v1", "data", "thresholds"]
}
