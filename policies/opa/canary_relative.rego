# The optional relative check of the promotion gate: the canary against stable over the same
# window, enabled by data.thresholds.promotion.relative.enabled. Catches regressions that absolute
# thresholds miss (a canary at 0.9 % errors beside a stable at 0.0 %).
package swiftdeploy.canary

import data.swiftdeploy.lib.format

compared if {
	relative_enabled
	judged
	stable.requests >= limits.min_requests
}

hold contains msg if {
	relative_enabled
	stable.requests < limits.min_requests
	msg := sprintf("Insufficient data: stable served %s requests in the window, fewer than the minimum %s needed for the relative check; hold, do not promote", [format.num(stable.requests), format.num(limits.min_requests)])
}

hold contains "Insufficient data: the relative check is enabled but stable's metrics were not reported; hold, do not promote" if {
	relative_enabled
	not stable.requests
}

fail contains msg if {
	compared
	increase := canary.error_rate - stable.error_rate
	increase > limits.relative.max_error_rate_increase
	msg := sprintf("Error rate %s is %s points above stable's %s, more than the allowed %s points", [format.percent(canary.error_rate), format.fixed2(increase * 100), format.percent(stable.error_rate), format.fixed2(limits.relative.max_error_rate_increase * 100)])
}

fail contains msg if {
	compared
	not canary.beyond_buckets
	stable.p99_ms > 0
	ratio := canary.p99_ms / stable.p99_ms
	ratio > limits.relative.max_p99_ratio
	msg := sprintf("p99 latency %s ms is %s× stable's %s ms, more than the allowed %s×", [format.num(canary.p99_ms), format.fixed2(ratio), format.num(stable.p99_ms), format.fixed2(limits.relative.max_p99_ratio)])
}
