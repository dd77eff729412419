#pragma once
// Internal: measures of ink masks that preprocessing takes for every digit it reads, written for
// speed and giving OpenCV's results exactly. Shared by preprocessing and its tests.

#include <opencv2/core.hpp>

namespace dwn::detail {

// The share of the pixels of `image` (CV_8UC1) above `threshold` in each `block` x `block`
// square, as 0..255 rounded as OpenCV rounds it: the mask `image > threshold`, padded with 0
// to whole blocks and shrunk by cv::resize with INTER_AREA, in one pass without the mask.
// `block` is at least 1.
cv::Mat blockCoverage(const cv::Mat& image, uchar threshold, int block);

// The ink pixels of `mask` (CV_8UC1, non-zero is ink), and those of them whose eight neighbours
// are ink too, the pixels outside the image counting as ink when `outsideIsInk`: the pixels
// cv::erode with a 3x3 square keeps (of the mask padded with 0, unless `outsideIsInk`).
struct InkArea {
    int area = 0;
    int interior = 0;
};
InkArea inkArea(const cv::Mat& mask, bool outsideIsInk);

// The distance of every pixel of `binary` (CV_8UC1) to the nearest zero pixel, as CV_32F:
// cv::distanceTransform with DIST_L2 and a `maskSize` of 3 or 5 (Borgefors' chamfer weights
// in 16-bit fixed point), without its data-dependent branches, which mispredict on every
// other pixel of a stroke's surroundings.
cv::Mat chamferDistance(const cv::Mat& binary, int maskSize);

} // namespace dwn::detail
