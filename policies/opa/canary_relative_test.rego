package swiftdeploy.canary_test

import data.swiftdeploy.canary

relative_on := {"promotion": {"relative": {"enabled": true}}}

side_by_side(canary_version, stable_version) := {
	"window_seconds": 60,
	"canary": canary_version,
	"stable": stable_version,
}

good_stable := {"requests": 9000, "errors": 9, "p99_ms": 100}

test_relative_check_is_off_by_default if {
	canary.allow with input as side_by_side({"requests": 1000, "errors": 9, "p99_ms": 400}, good_stable)
}

test_canary_close_to_stable_is_promoted if {
	d := canary.decision with input as side_by_side({"requests": 1000, "errors": 2, "p99_ms": 120}, good_stable)
		with data.thresholds as relative_on
	d.allow
	d.thresholds.relative.enabled == true
}

test_error_rate_increase_over_stable_is_rejected if {
	d := canary.decision with input as side_by_side({"requests": 1000, "errors": 9, "p99_ms": 100}, good_stable)
		with data.thresholds as relative_on
	d.verdict == "reject"
	d.reasons == ["Error rate 0.90% is 0.80 points above stable's 0.10%, more than the allowed 0.50 points"]
}

test_p99_ratio_over_stable_is_rejected if {
	d := canary.decision with input as side_by_side({"requests": 1000, "errors": 1, "p99_ms": 300}, good_stable)
		with data.thresholds as relative_on
	d.reasons == ["p99 latency 300 ms is 3.00× stable's 100 ms, more than the allowed 1.50×"]
}

test_relative_limits_come_from_the_data_document if {
	d := canary.decision with input as side_by_side({"requests": 1000, "errors": 1, "p99_ms": 300}, good_stable)
		with data.thresholds as {"promotion": {"relative": {"enabled": true, "max_p99_ratio": 4}}}
	d.allow
}

test_missing_stable_metrics_hold_when_relative_is_enabled if {
	d := canary.decision with input as healthy with data.thresholds as relative_on
	d.verdict == "hold"
	d.reasons == ["Insufficient data: the relative check is enabled but stable's metrics were not reported; hold, do not promote"]
}

test_too_little_stable_traffic_holds if {
	d := canary.decision with input as side_by_side({"requests": 1000, "errors": 1, "p99_ms": 100}, {"requests": 10, "errors": 0, "p99_ms": 50})
		with data.thresholds as relative_on
	d.verdict == "hold"
	d.reasons == ["Insufficient data: stable served 10 requests in the window, fewer than the minimum 100 needed for the relative check; hold, do not promote"]
}

test_stable_without_latency_skips_the_ratio if {
	d := canary.decision with input as side_by_side({"requests": 1000, "errors": 1, "p99_ms": 100}, {"requests": 9000, "errors": 9, "p99_ms": 0})
		with data.thresholds as relative_on
	d.allow
}

test_non_boolean_enabled_leaves_the_check_off if {
	canary.allow with input as side_by_side({"requests": 1000, "errors": 9, "p99_ms": 400}, good_stable)
		with data.thresholds as {"promotion": {"relative": {"enabled": "yes"}}}
}
