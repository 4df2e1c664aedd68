// "Did you mean ...?" for typos in keys, units and policy names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nimbus {

// Edit distance with swaps of neighbouring letters, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a plausible typo.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// `, did you mean "x"?` or "" (ready to append to an error message).
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" for error messages that list the valid choices.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace nimbus
