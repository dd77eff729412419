#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "dwn/doodles.h"
#include "dwn/preprocess.h"

namespace dwn {
namespace {

double difference(const cv::Mat& a, const cv::Mat& b)
{
    if (a.size() != b.size())
        return 255;
    return cv::norm(a, b, cv::NORM_L1) / double(a.total());
}

TEST(Doodles, EveryKindDrawsInkThatPreprocessingReads)
{
    std::set<std::string> names;
    for (int k = 0; k < kDoodleKinds; ++k) {
        const auto kind = static_cast<DoodleKind>(k);
        names.insert(toString(kind));
        for (std::uint64_t seed = 0; seed < 6; ++seed) {
            const cv::Mat canvas = drawDoodle(kind, seed);
            ASSERT_EQ(canvas.type(), CV_8UC1) << toString(kind);
            EXPECT_GE(canvas.cols, 160);
            EXPECT_EQ(canvas.at<uchar>(0, 0), 255) << "white paper";
            double darkest = 255;
            cv::minMaxLoc(canvas, &darkest);
            EXPECT_LT(darkest, 64) << toString(kind) << " " << seed << ": dark ink";
            EXPECT_GT(cv::countNonZero(preprocess(canvas).image), 20) << toString(kind);
        }
    }
    EXPECT_EQ(names.size(), std::size_t(kDoodleKinds)) << "each kind has its own name";
}

TEST(Doodles, AreTheSameForASeedAndVaryWithIt)
{
    for (int k = 0; k < kDoodleKinds; ++k) {
        const auto kind = static_cast<DoodleKind>(k);
        EXPECT_EQ(difference(drawDoodle(kind, 3), drawDoodle(kind, 3)), 0) << toString(kind);
        EXPECT_GT(difference(drawDoodle(kind, 3), drawDoodle(kind, 4)), 1) << toString(kind);
    }
    const DigitImages a = makeDoodles(40, 9), b = makeDoodles(40, 9), c = makeDoodles(40, 10);
    EXPECT_EQ(a.pixels, b.pixels);
    EXPECT_NE(a.pixels, c.pixels);
}

// Doodles are drawn in parallel and kept in their order: the same set on one thread as on every
// core, and a smaller set is the start of a bigger one.
TEST(Doodles, AreTheSameOnOneThreadAsOnEveryCore)
{
    const int threads = cv::getNumThreads();
    cv::setNumThreads(1);
    const DigitImages one = makeDoodles(2 * kDoodleKinds + 5, 11);
    cv::setNumThreads(threads);
    const DigitImages every = makeDoodles(2 * kDoodleKinds + 5, 11);
    EXPECT_EQ(one.pixels, every.pixels);
    const DigitImages fewer = makeDoodles(kDoodleKinds, 11);
    EXPECT_TRUE(std::equal(fewer.pixels.begin(), fewer.pixels.end(), every.pixels.begin()));
}

TEST(Doodles, MakesDistinctPreprocessedUnlabelledImages)
{
    const DigitImages set = makeDoodles(3 * kDoodleKinds, 1);
    ASSERT_EQ(set.size(), std::size_t(3 * kDoodleKinds));
    EXPECT_TRUE(set.labels.empty());
    std::set<std::vector<std::uint8_t>> distinct;
    for (std::size_t i = 0; i < set.size(); ++i) {
        const cv::Mat image = set.image(i);
        distinct.insert(std::vector<std::uint8_t>(image.datastart, image.dataend));
        const cv::Moments m = cv::moments(image);
        EXPECT_NEAR(m.m10 / m.m00, 13.5, 0.5) << "centred as a drawing is";
        EXPECT_NEAR(m.m01 / m.m00, 13.5, 0.5);
    }
    EXPECT_EQ(distinct.size(), set.size());
}

} // namespace
} // namespace dwn
