package swiftdeploy.infrastructure_test

import data.swiftdeploy.infrastructure

gib := 1073741824

mib := 1048576

# A host comfortably inside the default thresholds.
healthy := {
	"disk": {"path": "/var/lib/docker", "free_bytes": 50 * gib, "total_bytes": 100 * gib},
	"load": {"load1": 0.5, "cpus": 2},
	"memory": {"available_bytes": 2048 * mib, "total_bytes": 4096 * mib},
	"docker": {"answering": true, "server_version": "20.10.24"},
}

strict := {"deploy": {"min_disk_free_gb": 10, "max_load_per_cpu": 1, "min_memory_free_mb": 512}}

test_healthy_host_is_allowed_with_no_reasons if {
	d := infrastructure.decision with input as healthy
	d.allow == true
	d.reasons == []
}

test_low_disk_is_denied_with_measured_value_and_threshold if {
	host := json.patch(healthy, [{"op": "replace", "path": "/disk/free_bytes", "value": 3.2 * gib}])
	d := infrastructure.decision with input as host with data.thresholds as strict
	d.allow == false
	d.reasons == ["Disk free 3.2 GB on /var/lib/docker is below the minimum 10 GB"]
	d.measured.disk_free_gb == 3.2
}

test_disk_exactly_at_the_minimum_is_allowed if {
	host := json.patch(healthy, [{"op": "replace", "path": "/disk/free_bytes", "value": 10 * gib}])
	infrastructure.allow with input as host with data.thresholds as strict
}

test_high_load_per_cpu_is_denied if {
	host := json.patch(healthy, [{"op": "replace", "path": "/load/load1", "value": 7}])
	d := infrastructure.decision with input as host
	d.reasons == ["Load per CPU 3.5 (1-minute load 7 on 2 CPUs) is above the maximum 2"]
	d.measured.load_per_cpu == 3.5
}

test_load_exactly_at_the_maximum_is_allowed if {
	host := json.patch(healthy, [{"op": "replace", "path": "/load/load1", "value": 4}])
	infrastructure.allow with input as host
}

test_zero_cpus_means_load_was_not_measured if {
	host := json.patch(healthy, [{"op": "replace", "path": "/load/cpus", "value": 0}])
	d := infrastructure.decision with input as host
	d.reasons == ["Load per CPU was not measured"]
}

test_low_memory_is_denied if {
	host := json.patch(healthy, [{"op": "replace", "path": "/memory/available_bytes", "value": 120 * mib}])
	d := infrastructure.decision with input as host
	d.reasons == ["Free memory 120 MB is below the minimum 256 MB"]
}

test_docker_not_answering_is_denied_with_its_error if {
	host := json.patch(healthy, [{"op": "replace", "path": "/docker", "value": {"answering": false, "error": "Cannot connect to the Docker daemon"}}])
	d := infrastructure.decision with input as host
	d.reasons == ["Docker engine is not answering: Cannot connect to the Docker daemon"]
	d.measured.docker_answering == false
}

test_every_failed_rule_gives_its_own_reason if {
	host := {
		"disk": {"path": "/var/lib/docker", "free_bytes": gib},
		"load": {"load1": 9, "cpus": 2},
		"memory": {"available_bytes": 10 * mib},
		"docker": {"answering": false},
	}
	d := infrastructure.decision with input as host with data.thresholds as strict
	d.allow == false
	count(d.reasons) == 4
}

test_missing_facts_deny_each_with_a_reason if {
	d := infrastructure.decision with input as {}
	d.reasons == [
		"Disk free space on the Docker data directory was not measured",
		"Docker engine was not checked",
		"Free memory was not measured",
		"Load per CPU was not measured",
	]
}

test_a_fact_error_is_surfaced_in_the_reason if {
	host := json.patch(healthy, [{"op": "replace", "path": "/disk", "value": {"path": "/srv", "error": "df: /srv: No such file or directory"}}])
	d := infrastructure.decision with input as host
	d.reasons == ["Disk free space on /srv was not measured: df: /srv: No such file or directory"]
}

test_missing_data_document_uses_defaults if {
	d := infrastructure.decision with input as healthy with data.thresholds as {}
	d.thresholds == {"min_disk_free_gb": 2, "max_load_per_cpu": 2, "min_memory_free_mb": 256}
	d.allow
}

test_partial_data_document_keeps_other_defaults if {
	d := infrastructure.decision with input as healthy with data.thresholds as {"deploy": {"min_disk_free_gb": 60}}
	d.thresholds == {"min_disk_free_gb": 60, "max_load_per_cpu": 2, "min_memory_free_mb": 256}
	d.reasons == ["Disk free 50 GB on /var/lib/docker is below the minimum 60 GB"]
}

test_non_numeric_threshold_denies_instead_of_loosening if {
	d := infrastructure.decision with input as healthy with data.thresholds as {"deploy": {"min_disk_free_gb": "lots"}}
	d.allow == false
	d.reasons == [`Threshold thresholds.deploy.min_disk_free_gb must be a number, found "lots"`]
}

test_decision_echoes_thresholds_and_measured_values if {
	d := infrastructure.decision with input as healthy with data.thresholds as strict
	d.thresholds == strict.deploy
	d.measured == {
		"disk_path": "/var/lib/docker",
		"disk_free_gb": 50,
		"load_per_cpu": 0.25,
		"memory_free_mb": 2048,
		"docker_answering": true,
		"docker_server_version": "20.10.24",
	}
}

test_allow_is_false_without_input if {
	not infrastructure.allow with input as {}
}
