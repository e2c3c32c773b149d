package swiftdeploy.canary_test

import data.swiftdeploy.canary

# A canary comfortably inside the default thresholds over a full window.
healthy := {
	"window_seconds": 60,
	"canary": {"requests": 1000, "errors": 2, "p99_ms": 120},
}

with_canary(field, value) := json.patch(healthy, [{"op": "add", "path": sprintf("/canary/%s", [field]), "value": value}])

test_healthy_canary_is_promoted if {
	d := canary.decision with input as healthy
	d.allow == true
	d.verdict == "promote"
	d.reasons == []
	d.insufficient_data == false
}

test_error_rate_above_maximum_is_rejected_with_percentages if {
	d := canary.decision with input as with_canary("errors", 800)
	d.allow == false
	d.verdict == "reject"
	d.reasons == ["Error rate 80.00% exceeds maximum 1.00% (800 of 1000 requests failed)"]
	d.measured.canary.error_rate == 0.8
}

test_error_rate_exactly_at_maximum_is_promoted if {
	canary.allow with input as with_canary("errors", 10)
}

test_p99_above_maximum_is_rejected if {
	d := canary.decision with input as with_canary("p99_ms", 1500)
	d.reasons == ["p99 latency 1500 ms exceeds maximum 500 ms"]
	d.verdict == "reject"
}

test_p99_exactly_at_maximum_is_promoted if {
	canary.allow with input as with_canary("p99_ms", 500)
}

test_p99_beyond_the_largest_bucket_is_rejected if {
	d := canary.decision with input as json.patch(healthy, [{"op": "replace", "path": "/canary", "value": {"requests": 1000, "errors": 0, "p99_ms": 5000, "p99_beyond_buckets": true}}])
	d.reasons == ["p99 latency is above 5000 ms (the largest histogram bucket), so it cannot be shown to be within the maximum 500 ms"]
}

test_each_failed_rule_gives_its_own_reason if {
	d := canary.decision with input as {"window_seconds": 60, "canary": {"requests": 1000, "errors": 800, "p99_ms": 1500}}
	d.reasons == [
		"Error rate 80.00% exceeds maximum 1.00% (800 of 1000 requests failed)",
		"p99 latency 1500 ms exceeds maximum 500 ms",
	]
}

test_too_few_requests_holds_instead_of_promoting if {
	d := canary.decision with input as with_canary("requests", 42)
	d.allow == false
	d.verdict == "hold"
	d.insufficient_data == true
	d.reasons == ["Insufficient data: the canary served 42 requests in the window, fewer than the minimum 100; hold, do not promote"]
}

test_too_few_requests_are_not_judged_on_their_error_rate if {
	d := canary.decision with input as {"window_seconds": 60, "canary": {"requests": 3, "errors": 3, "p99_ms": 4000}}
	d.verdict == "hold"
	count(d.reasons) == 1
}

test_zero_requests_hold if {
	d := canary.decision with input as {"window_seconds": 60, "canary": {"requests": 0, "errors": 0, "p99_ms": null}}
	d.verdict == "hold"
	d.reasons == ["Insufficient data: the canary served 0 requests in the window, fewer than the minimum 100; hold, do not promote"]
}

test_a_short_window_holds if {
	d := canary.decision with input as json.patch(healthy, [{"op": "replace", "path": "/window_seconds", "value": 20}])
	d.verdict == "hold"
	d.reasons == ["Insufficient data: the analysis window was 20 s, shorter than the required 60 s; hold, do not promote"]
}

test_missing_input_holds_with_reasons if {
	d := canary.decision with input as {}
	d.verdict == "hold"
	d.reasons == [
		"Insufficient data: the analysis window length was not reported; hold, do not promote",
		"Insufficient data: the canary's request count was not reported; hold, do not promote",
	]
}

test_missing_p99_is_a_failure if {
	d := canary.decision with input as with_canary("p99_ms", null)
	d.reasons == ["Canary p99 latency was not reported"]
	d.verdict == "reject"
}

test_missing_error_count_is_a_failure if {
	d := canary.decision with input as {"window_seconds": 60, "canary": {"requests": 1000, "p99_ms": 10}}
	d.reasons == ["Canary error count was not reported"]
}

test_a_failure_outranks_a_hold if {
	d := canary.decision with input as {"window_seconds": 20, "canary": {"requests": 1000, "errors": 500, "p99_ms": 10}}
	d.verdict == "reject"
	d.insufficient_data == true
	count(d.reasons) == 2
}

test_thresholds_come_from_the_data_document if {
	d := canary.decision with input as with_canary("errors", 30)
		with data.thresholds as {"promotion": {"max_error_rate": 0.05, "min_requests": 500}}
	d.allow
	d.thresholds.max_error_rate == 0.05
	d.thresholds.min_requests == 500
	d.thresholds.max_p99_ms == 500
}

test_missing_data_document_uses_defaults if {
	d := canary.decision with input as healthy with data.thresholds as {}
	d.thresholds == {
		"max_error_rate": 0.01, "max_p99_ms": 500, "min_requests": 100, "window_seconds": 60,
		"relative": {"enabled": false, "max_error_rate_increase": 0.005, "max_p99_ratio": 1.5},
	}
}

test_non_numeric_threshold_rejects if {
	d := canary.decision with input as healthy with data.thresholds as {"promotion": {"max_p99_ms": "fast"}}
	d.verdict == "reject"
	d.reasons == [`Threshold thresholds.promotion.max_p99_ms must be a number, found "fast"`]
}

test_negative_counts_count_as_not_reported if {
	d := canary.decision with input as with_canary("requests", -5)
	d.verdict == "hold"
}

test_decision_echoes_measured_values if {
	d := canary.decision with input as healthy
	d.measured == {
		"window_seconds": 60,
		"canary": {"requests": 1000, "errors": 2, "error_rate": 0.002, "p99_ms": 120},
		"stable": {"requests": null, "errors": null, "error_rate": null, "p99_ms": null},
	}
}

# Nginx's view of the versions (input.edge): what users saw.

with_edge(edge_canary) := object.union(healthy, {"edge": {"canary": edge_canary}})

test_canary_down_behind_nginx_is_rejected_though_its_own_metrics_are_clean if {
	# The API served 1000 requests cleanly; Nginx also answered 60 with 502 while it was down.
	d := canary.decision with input as with_edge({"requests": 1060, "errors": 60, "p99_ms": 130})
	d.verdict == "reject"
	d.reasons == ["Error rate at Nginx 5.66% exceeds maximum 1.00% (60 of 1060 requests got a 5xx)"]
	d.measured.edge.canary.errors == 60
}

test_canary_timing_out_behind_nginx_is_rejected if {
	d := canary.decision with input as with_edge({"requests": 1000, "errors": 5, "p99_ms": 30001})
	d.reasons == ["p99 latency at Nginx 30001 ms exceeds maximum 500 ms"]
}

test_crashed_canary_fails_at_nginx_even_when_it_served_too_few_requests_itself if {
	few := json.patch(healthy, [{"op": "replace", "path": "/canary/requests", "value": 20}])
	d := canary.decision with input as object.union(few, {"edge": {"canary": {"requests": 500, "errors": 480, "p99_ms": 2}}})
	d.verdict == "reject"
	d.allow == false
}

test_healthy_canary_at_nginx_is_promoted_and_reported if {
	d := canary.decision with input as with_edge({"requests": 1000, "errors": 2, "p99_ms": 125})
	d.allow == true
	d.measured.edge.canary == {"requests": 1000, "errors": 2, "error_rate": 0.002, "p99_ms": 125}
}

test_no_edge_view_keeps_the_measured_shape if {
	d := canary.decision with input as healthy
	not d.measured.edge
}

test_the_apis_own_reason_comes_before_nginxs if {
	both := object.union(with_canary("errors", 800), {"edge": {"canary": {"requests": 1000, "errors": 800, "p99_ms": 5}}})
	d := canary.decision with input as both
	d.reasons == [
		"Error rate 80.00% exceeds maximum 1.00% (800 of 1000 requests failed)",
		"Error rate at Nginx 80.00% exceeds maximum 1.00% (800 of 1000 requests got a 5xx)",
	]
}
