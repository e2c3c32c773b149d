package swiftdeploy.lib.thresholds_test

import data.swiftdeploy.lib.thresholds

test_merge_takes_configured_numbers if {
	thresholds.merge({"a": 1, "b": 2}, {"a": 5}) == {"a": 5, "b": 2}
}

test_merge_ignores_unknown_keys if {
	thresholds.merge({"a": 1}, {"a": 5, "z": 9}) == {"a": 5}
}

test_merge_falls_back_on_non_numbers if {
	thresholds.merge({"a": 1}, {"a": "5"}) == {"a": 1}
}

test_invalid_reports_non_numbers if {
	thresholds.invalid({"a": 1, "b": 2}, {"a": "5", "b": 3}, "thresholds.deploy") == {`Threshold thresholds.deploy.a must be a number, found "5"`}
}

test_object_or_empty_replaces_non_objects if {
	thresholds.object_or_empty("x") == {}
	thresholds.object_or_empty({"a": 1}) == {"a": 1}
}
