#include "masks.h"

#include <algorithm>
#include <climits>
#include <vector>

namespace dwn::detail {
namespace {

const int kShift = 16;         // fixed-point bits of the chamfer distances
const int kFar = INT_MAX >> 2; // the distance outside the image
const float kUnit = 1.0f / (1 << kShift);

int fixedPoint(float weight)
{
    return cvRound(weight * (1 << kShift));
}

// One chamfer pass over the rows of `dist` (padded by `border`, distances in fixed point) from
// the side `dir` points away from: each pixel takes the least of its own distance and its
// neighbours' on the rows already passed plus the step to them, then, along its row, of its
// neighbour's on the side already passed plus one straight step.
void chamferPass(cv::Mat& dist, int border, int dir, int straight, int diagonal, int knight)
{
    const int rows = dist.rows - 2 * border, cols = dist.cols - 2 * border;
    for (int n = 0; n < rows; ++n) {
        const int y = border + (dir > 0 ? n : rows - 1 - n);
        int* d = dist.ptr<int>(y) + border;
        const int* near = dist.ptr<int>(y - dir) + border;
        for (int x = 0; x < cols; ++x)
            d[x] = std::min(
                {d[x], near[x] + straight, near[x - 1] + diagonal, near[x + 1] + diagonal});
        if (border == 2) {
            const int* far = dist.ptr<int>(y - 2 * dir) + border;
            for (int x = 0; x < cols; ++x)
                d[x] = std::min({d[x], far[x - 1] + knight, far[x + 1] + knight,
                                 near[x - 2] + knight, near[x + 2] + knight});
        }
        if (dir > 0)
            for (int x = 0; x < cols; ++x)
                d[x] = std::min(d[x], d[x - 1] + straight);
        else
            for (int x = cols - 1; x >= 0; --x)
                d[x] = std::min(d[x], d[x + 1] + straight);
    }
}

} // namespace

cv::Mat blockCoverage(const cv::Mat& image, uchar threshold, int block)
{
    CV_Assert(image.type() == CV_8UC1 && block >= 1);
    const int rows = (image.rows + block - 1) / block;
    const int cols = (image.cols + block - 1) / block;
    cv::Mat out(rows, cols, CV_8UC1);
    const float scale = 1.0f / static_cast<float>(block * block);
    // Ink pixels per column of the block's rows (at most 16384 rows in all: fits 16 bits).
    std::vector<unsigned short> counts(static_cast<std::size_t>(cols) * block);
    for (int r = 0; r < rows; ++r) {
        std::fill(counts.begin(), counts.end(), 0);
        unsigned short* count = counts.data();
        for (int y = r * block; y < std::min(image.rows, (r + 1) * block); ++y) {
            const uchar* pixel = image.ptr<uchar>(y);
            for (int x = 0; x < image.cols; ++x)
                count[x] = static_cast<unsigned short>(count[x] + (pixel[x] > threshold));
        }
        uchar* coverage = out.ptr<uchar>(r);
        for (int c = 0; c < cols; ++c) {
            int sum = 0;
            for (int x = c * block; x < (c + 1) * block; ++x)
                sum += count[x];
            coverage[c] = cv::saturate_cast<uchar>(static_cast<float>(255 * sum) * scale);
        }
    }
    return out;
}

InkArea inkArea(const cv::Mat& mask, bool outsideIsInk)
{
    CV_Assert(mask.type() == CV_8UC1);
    InkArea counted;
    const int cols = mask.cols;
    const uchar outside = outsideIsInk ? 1 : 0;
    // The rows of the mask as 0/1 (three at a time: above, here, below), a row outside it, and
    // where the rows above, here and below are all ink, with a column outside on either side.
    std::vector<uchar> rows(3 * static_cast<std::size_t>(cols)), beyond(cols, outside),
        column(cols + 2, outside);
    const auto binary = [&](int y) {
        uchar* out = rows.data() + static_cast<std::size_t>(y % 3) * cols;
        const uchar* in = mask.ptr<uchar>(y);
        for (int x = 0; x < cols; ++x)
            out[x] = in[x] != 0;
        return out;
    };
    const uchar* above = beyond.data();
    const uchar* here = mask.rows > 0 ? binary(0) : nullptr;
    for (int y = 0; y < mask.rows; ++y) {
        const uchar* below = y + 1 < mask.rows ? binary(y + 1) : beyond.data();
        // Counted in 16 bits (a row is at most 16384 pixels): the compiler vectorises that.
        unsigned short area = 0, interior = 0;
        for (int x = 0; x < cols; ++x) {
            area = static_cast<unsigned short>(area + here[x]);
            column[x + 1] = above[x] & here[x] & below[x];
        }
        for (int x = 0; x < cols; ++x)
            interior =
                static_cast<unsigned short>(interior + (column[x] & column[x + 1] & column[x + 2]));
        counted.area += area;
        counted.interior += interior;
        above = here;
        here = below;
    }
    return counted;
}

cv::Mat chamferDistance(const cv::Mat& binary, int maskSize)
{
    CV_Assert(binary.type() == CV_8UC1 && (maskSize == 3 || maskSize == 5));
    const int border = maskSize == 3 ? 1 : 2;
    // OpenCV's weights for the Euclidean distance: a straight step, a diagonal one, and (5x5)
    // a knight's move.
    const int straight = fixedPoint(maskSize == 3 ? 0.955f : 1.0f);
    const int diagonal = fixedPoint(maskSize == 3 ? 1.3693f : 1.4f);
    const int knight = fixedPoint(2.1969f);
    cv::Mat dist(binary.rows + 2 * border, binary.cols + 2 * border, CV_32SC1, cv::Scalar(kFar));
    for (int y = 0; y < binary.rows; ++y) {
        const uchar* ink = binary.ptr<uchar>(y);
        int* d = dist.ptr<int>(y + border) + border;
        for (int x = 0; x < binary.cols; ++x)
            d[x] = ink[x] ? kFar : 0;
    }
    chamferPass(dist, border, 1, straight, diagonal, knight);
    chamferPass(dist, border, -1, straight, diagonal, knight);
    cv::Mat out(binary.size(), CV_32FC1);
    for (int y = 0; y < binary.rows; ++y) {
        const int* d = dist.ptr<int>(y + border) + border;
        float* o = out.ptr<float>(y);
        for (int x = 0; x < binary.cols; ++x)
            o[x] = static_cast<float>(d[x]) * kUnit;
    }
    return out;
}

} // namespace dwn::detail
