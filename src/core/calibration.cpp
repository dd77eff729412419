#include "calibration.h"

#include <algorithm>
#include <cmath>

namespace dwn::detail {

double calibrateThreshold(std::vector<double> scores, double share)
{
    if (scores.empty())
        return HUGE_VAL;
    std::sort(scores.begin(), scores.end());
    const auto below = static_cast<std::size_t>(std::floor((1 - share) * double(scores.size())));
    // Accepted means score > threshold: step just below the score at the cut.
    return std::nextafter(scores[std::min(below, scores.size() - 1)], -HUGE_VAL);
}

} // namespace dwn::detail
