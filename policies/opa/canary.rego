# Promotion gate: may this canary be promoted? Input: the canary's request count, 5xx count and p99
# over the analysis window (gate/canary-input.ts builds it from two /metrics scrapes), optionally
# stable's too, and optionally `edge`: the same figures as Nginx saw them (gate/edge-window.ts);
# thresholds: data.thresholds.promotion. Query the `decision`.
#
# Two kinds of "no": `hold` (too little data to judge: do not promote, do not count as a failed
# check) and `fail` (a check failed or the thresholds are broken). `verdict` says which won.
package swiftdeploy.canary

import data.swiftdeploy.lib.format
import data.swiftdeploy.lib.thresholds

# The manifest's defaults, used when the data document lacks a key.
default_thresholds := {
	"max_error_rate": 0.01,
	"max_p99_ms": 500,
	"min_requests": 100,
	"window_seconds": 60,
}

default_relative := {
	"max_error_rate_increase": 0.005,
	"max_p99_ratio": 1.5,
}

configured := thresholds.object_or_empty(value) if value := data.thresholds.promotion

else := {}

configured_relative := thresholds.object_or_empty(configured.relative) if configured.relative

else := {}

relative_enabled if configured_relative.enabled == true

limits := object.union(
	thresholds.merge(default_thresholds, configured),
	{"relative": object.union(
		thresholds.merge(default_relative, configured_relative),
		{"enabled": object.get(configured_relative, "enabled", false) == true},
	)},
)

default allow := false

allow if count(reasons) == 0

reasons := sort(hold | fail)

default verdict := "hold"

verdict := "promote" if allow

verdict := "reject" if count(fail) > 0

decision := {
	"allow": allow,
	"verdict": verdict,
	"insufficient_data": count(hold) > 0,
	"reasons": reasons,
	"measured": measured,
	"thresholds": limits,
}

fail contains msg if some msg in thresholds.invalid(default_thresholds, configured, "thresholds.promotion")

fail contains msg if some msg in thresholds.invalid(default_relative, configured_relative, "thresholds.promotion.relative")

# Enough data to judge?

window := input.window_seconds if is_number(input.window_seconds)

hold contains msg if {
	window < limits.window_seconds
	msg := sprintf("Insufficient data: the analysis window was %s s, shorter than the required %s s; hold, do not promote", [format.num(window), format.num(limits.window_seconds)])
}

hold contains "Insufficient data: the analysis window length was not reported; hold, do not promote" if not window

hold contains msg if {
	canary.requests < limits.min_requests
	msg := sprintf("Insufficient data: the canary served %s requests in the window, fewer than the minimum %s; hold, do not promote", [format.num(canary.requests), format.num(limits.min_requests)])
}

hold contains "Insufficient data: the canary's request count was not reported; hold, do not promote" if not canary.requests

# Only judge rates and latency on enough requests: a handful of requests is noise, not a signal.
judged if canary.requests >= limits.min_requests

# Absolute checks

fail contains msg if {
	judged
	canary.error_rate > limits.max_error_rate
	msg := sprintf("Error rate %s exceeds maximum %s (%s of %s requests failed)", [format.percent(canary.error_rate), format.percent(limits.max_error_rate), format.num(canary.errors), format.num(canary.requests)])
}

fail contains "Canary error count was not reported" if {
	judged
	not canary.error_rate
}

fail contains msg if {
	judged
	not canary.beyond_buckets
	canary.p99_ms > limits.max_p99_ms
	msg := sprintf("p99 latency %s ms exceeds maximum %s ms", [format.num(canary.p99_ms), format.num(limits.max_p99_ms)])
}

fail contains msg if {
	judged
	canary.beyond_buckets
	msg := sprintf("p99 latency is above %s ms (the largest histogram bucket), so it cannot be shown to be within the maximum %s ms", [format.num(canary.p99_ms), format.num(limits.max_p99_ms)])
}

fail contains "Canary p99 latency was not reported" if {
	judged
	not canary.p99_ms
}

# What users saw: the absolute checks again on Nginx's view of the canary, when given. A canary
# that is down (502) or times out (504) behind Nginx fails here though the API never saw those
# requests. Judged on its own request count: a crashed canary served few requests itself.

edge_judged if edge_canary.requests >= limits.min_requests

fail contains msg if {
	edge_judged
	edge_canary.error_rate > limits.max_error_rate
	msg := sprintf("Error rate at Nginx %s exceeds maximum %s (%s of %s requests got a 5xx)", [format.percent(edge_canary.error_rate), format.percent(limits.max_error_rate), format.num(edge_canary.errors), format.num(edge_canary.requests)])
}

fail contains msg if {
	edge_judged
	edge_canary.p99_ms > limits.max_p99_ms
	msg := sprintf("p99 latency at Nginx %s ms exceeds maximum %s ms", [format.num(edge_canary.p99_ms), format.num(limits.max_p99_ms)])
}

# Per-version summaries: only well-typed values are defined.

canary := summary(input.canary) if input.canary

else := {}

stable := summary(input.stable) if input.stable

else := {}

edge_canary := summary(input.edge.canary) if input.edge.canary

else := {}

edge_stable := summary(input.edge.stable) if input.edge.stable

else := {}

summary(v) := object.union(
	{k: v[k] | some k in ["requests", "errors", "p99_ms"]; is_number(v[k]); v[k] >= 0},
	rates(v),
)

rates(v) := {"error_rate": v.errors / v.requests, "beyond_buckets": object.get(v, "p99_beyond_buckets", false) == true} if {
	is_number(v.requests)
	is_number(v.errors)
	v.requests > 0
}

else := {"beyond_buckets": object.get(v, "p99_beyond_buckets", false) == true}

measured_apis := {
	"window_seconds": object.get(input, "window_seconds", null),
	"canary": reported(canary),
	"stable": reported(stable),
}

measured := object.union(measured_apis, {"edge": {"canary": reported(edge_canary), "stable": reported(edge_stable)}}) if input.edge

else := measured_apis

reported(s) := {k: object.get(s, k, null) | some k in ["requests", "errors", "error_rate", "p99_ms"]}
