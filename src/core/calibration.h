#pragma once
// Internal: choosing the trusted_threshold from scores of predictions known to be right.

#include <vector>

namespace dwn::detail {

// The largest threshold such that a share `share` (0 … 1] of `scores` lies strictly above it,
// so that "accepted when score > threshold" accepts that share. Without any score (no
// correct prediction) nothing is to be trusted: +infinity.
double calibrateThreshold(std::vector<double> scores, double share);

} // namespace dwn::detail
