#pragma once
// Internal: Zhang-Suen thinning, shared by preprocessing and the tests that measure strokes.

#include <opencv2/core.hpp>

namespace dwn::detail {

// Thins a binary CV_8UC1 image (any non-zero pixel is ink) to one-pixel-wide lines and
// returns it with values 0 and 1. Pixels on the image border are treated as background.
cv::Mat thin(const cv::Mat& binary);

// Mean stroke width of a 28x28-style ink image (bright on 0), in pixels: the ink's mass
// divided by the length of its skeleton. Returns 0 for an image without ink.
double strokeWidth(const cv::Mat& ink);

} // namespace dwn::detail
