# Number formatting for human-readable reasons. OPA's sprintf passes whole numbers to Go's fmt as
# integers, so "%.2f" prints "%!f(int64=80)" for 80; these helpers never hand fmt a float verb.
package swiftdeploy.lib.format

# fixed2(80) == "80.00", fixed2(0.125) == "0.13", fixed2(-1.5) == "-1.50"
fixed2(x) := concat("", [sign(x, cents(x)), format_int(whole(x), 10), ".", two_digits(cents(x) - (whole(x) * 100))])

# percent(0.8) == "80.00%"
percent(fraction) := concat("", [fixed2(fraction * 100), "%"])

# num(3.2123) == "3.21", num(10) == "10": at most two decimals, no trailing zeros.
num(x) := sprintf("%v", [round(x * 100) / 100])

cents(x) := round(abs(x) * 100)

whole(x) := floor(cents(x) / 100)

two_digits(n) := concat("", ["0", format_int(n, 10)]) if n < 10

else := format_int(n, 10)

sign(x, c) := "-" if {
	x < 0
	c > 0
}

else := ""
