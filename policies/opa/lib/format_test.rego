package swiftdeploy.lib.format_test

import data.swiftdeploy.lib.format

test_fixed2_pads_whole_numbers if format.fixed2(80) == "80.00"

test_fixed2_rounds_to_two_decimals if format.fixed2(0.125) == "0.13"

test_fixed2_keeps_small_fractions if format.fixed2(0.05) == "0.05"

test_fixed2_keeps_the_sign if format.fixed2(-1.5) == "-1.50"

test_fixed2_of_zero if format.fixed2(0) == "0.00"

test_percent_of_a_fraction if format.percent(0.8) == "80.00%"

test_percent_of_one_percent if format.percent(0.01) == "1.00%"

test_num_drops_trailing_zeros if format.num(10) == "10"

test_num_keeps_two_decimals if format.num(3.2123) == "3.21"
