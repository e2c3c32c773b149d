# Thresholds from the data document, with defaults: a missing document or key never crashes a
# policy, and a key that is not a number falls back to its default *and* is reported, so a broken
# data document denies instead of silently loosening a gate.
package swiftdeploy.lib.thresholds

# merge({"a": 1}, {"a": 5, "b": 2}) == {"a": 5}: known keys only, numbers only.
merge(defaults, configured) := {name: value |
	some name, fallback in defaults
	value := number_or(configured, name, fallback)
}

# One reason per configured key whose value is not a number; `where` names the document path.
invalid(defaults, configured, where) := {msg |
	some name, _ in defaults
	value := configured[name]
	not is_number(value)
	msg := sprintf("Threshold %s.%s must be a number, found %s", [where, name, json.marshal(value)])
}

# The object at a data path, or {} when it is missing or not an object.
object_or_empty(value) := value if is_object(value)

else := {}

number_or(configured, name, fallback) := value if {
	value := configured[name]
	is_number(value)
} else := fallback
