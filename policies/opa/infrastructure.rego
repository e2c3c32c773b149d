# Deploy gate: may we deploy onto this host? Input: host facts gathered over SSH (see
# components/gate/host-facts.ts); thresholds: data.thresholds.deploy. Query the `decision`.
package swiftdeploy.infrastructure

import data.swiftdeploy.lib.format
import data.swiftdeploy.lib.thresholds

# The manifest's defaults, used when the data document lacks a key.
default_thresholds := {
	"min_disk_free_gb": 2,
	"max_load_per_cpu": 2,
	"min_memory_free_mb": 256,
}

# 1 GB here is 2^30 bytes and 1 MB 2^20 bytes, as `df -h` and `free -m` count them.
gib := 1073741824

mib := 1048576

configured := thresholds.object_or_empty(value) if value := data.thresholds.deploy

else := {}

limits := thresholds.merge(default_thresholds, configured)

default allow := false

allow if count(deny) == 0

decision := {
	"allow": allow,
	"reasons": sort(deny),
	"measured": measured,
	"thresholds": limits,
}

measured := {
	"disk_path": disk_path,
	"disk_free_gb": reported_disk_free_gb,
	"load_per_cpu": reported_load_per_cpu,
	"memory_free_mb": reported_memory_free_mb,
	"docker_answering": docker_answering,
	"docker_server_version": reported_docker_version,
}

# What was measured, null where nothing was (comparisons use the undefined-when-missing rules).
default reported_disk_free_gb := null

reported_disk_free_gb := round(disk_free_gb * 1000) / 1000

default reported_load_per_cpu := null

reported_load_per_cpu := round(load_per_cpu * 1000) / 1000

default reported_memory_free_mb := null

reported_memory_free_mb := round(memory_free_mb * 1000) / 1000

default reported_docker_version := null

reported_docker_version := input.docker.server_version if is_string(input.docker.server_version)

default docker_answering := false

docker_answering if input.docker.answering == true

deny contains msg if some msg in thresholds.invalid(default_thresholds, configured, "thresholds.deploy")

# Disk

disk_path := input.disk.path if is_string(input.disk.path)

else := "the Docker data directory"

disk_free_gb := input.disk.free_bytes / gib if is_number(input.disk.free_bytes)

deny contains msg if {
	disk_free_gb < limits.min_disk_free_gb
	msg := sprintf("Disk free %s GB on %s is below the minimum %s GB", [format.num(disk_free_gb), disk_path, format.num(limits.min_disk_free_gb)])
}

deny contains msg if {
	not disk_free_gb
	msg := sprintf("Disk free space on %s was not measured%s", [disk_path, because("disk")])
}

# Load

load_per_cpu := input.load.load1 / input.load.cpus if {
	is_number(input.load.load1)
	is_number(input.load.cpus)
	input.load.cpus > 0
}

deny contains msg if {
	load_per_cpu > limits.max_load_per_cpu
	msg := sprintf("Load per CPU %s (1-minute load %s on %s CPUs) is above the maximum %s", [format.num(load_per_cpu), format.num(input.load.load1), format.num(input.load.cpus), format.num(limits.max_load_per_cpu)])
}

deny contains msg if {
	not load_per_cpu
	msg := sprintf("Load per CPU was not measured%s", [because("load")])
}

# Memory

memory_free_mb := input.memory.available_bytes / mib if is_number(input.memory.available_bytes)

deny contains msg if {
	memory_free_mb < limits.min_memory_free_mb
	msg := sprintf("Free memory %s MB is below the minimum %s MB", [format.num(memory_free_mb), format.num(limits.min_memory_free_mb)])
}

deny contains msg if {
	not memory_free_mb
	msg := sprintf("Free memory was not measured%s", [because("memory")])
}

# Docker engine

deny contains msg if {
	input.docker
	not docker_answering
	msg := sprintf("Docker engine is not answering%s", [because("docker")])
}

deny contains "Docker engine was not checked" if not input.docker

# Helpers

because(fact) := sprintf(": %s", [input[fact].error]) if is_string(input[fact].error)

else := ""
