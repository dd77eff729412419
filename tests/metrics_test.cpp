#include <algorithm>
#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "calibration.h"
#include "dwn/error.h"
#include "dwn/metrics.h"
#include "dwn/plots.h"
#include "sha256.h"

namespace dwn {
namespace {

using ::testing::HasSubstr;

TEST(Metrics, MatchHandComputedValues)
{
    // Truth 0 0 0 1 1 2, predicted 0 0 1 1 2 2:
    // class 0: precision 2/2, recall 2/3; class 1: 1/2, 1/2; class 2: 1/2, 1/1.
    const Metrics m = computeMetrics({0, 0, 0, 1, 1, 2}, {0, 0, 1, 1, 2, 2});
    EXPECT_EQ(m.count, 6);
    EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6);
    EXPECT_EQ(m.confusion[0][1], 1);
    EXPECT_EQ(m.confusion[1][2], 1);
    EXPECT_DOUBLE_EQ(m.classes[0].precision, 1.0);
    EXPECT_DOUBLE_EQ(m.classes[0].recall, 2.0 / 3);
    EXPECT_DOUBLE_EQ(m.classes[0].f1, 0.8);
    EXPECT_DOUBLE_EQ(m.classes[1].f1, 0.5);
    EXPECT_DOUBLE_EQ(m.classes[2].f1, 2.0 / 3);
    EXPECT_EQ(m.classes[2].support, 1);
    EXPECT_DOUBLE_EQ(m.classes[5].f1, 0.0); // no support, no predictions
    EXPECT_DOUBLE_EQ(m.macroF1, (0.8 + 0.5 + 2.0 / 3) / 10);
    EXPECT_DOUBLE_EQ(m.weightedF1, (0.8 * 3 + 0.5 * 2 + 2.0 / 3) / 6);
}

TEST(Metrics, WriteCsvReports)
{
    const Metrics m = computeMetrics({3, 3, 7}, {3, 7, 7});
    const std::string confusion = confusionCsv(m);
    EXPECT_THAT(confusion, HasSubstr("true\\predicted,0,1,2,3,4,5,6,7,8,9\n"));
    EXPECT_THAT(confusion, HasSubstr("\n3,0,0,0,1,0,0,0,1,0,0\n"));
    const std::string report = reportCsv(m);
    EXPECT_THAT(report, HasSubstr("class,precision,recall,f1,support\n"));
    EXPECT_THAT(report, HasSubstr("\n7,0.5,1,0.666667,1\n"));
    EXPECT_THAT(report, HasSubstr("accuracy,,,0.666667,3\n"));
}

TEST(Metrics, RejectBadInput)
{
    EXPECT_THROW(computeMetrics({1, 2}, {1}), Error);
    EXPECT_THROW(computeMetrics({1, 12}, {1, 2}), Error);
}

TEST(Auroc, CountsOrderedPairs)
{
    EXPECT_DOUBLE_EQ(auroc({0.9, 0.8}, {0.1, 0.2}), 1.0);
    EXPECT_DOUBLE_EQ(auroc({0.1}, {0.9}), 0.0);
    EXPECT_DOUBLE_EQ(auroc({0.5, 0.9}, {0.5, 0.1}), (0.5 + 1 + 1 + 1) / 4); // one tie
    EXPECT_DOUBLE_EQ(auroc({}, {0.3}), 0.5);
}

TEST(Calibration, AcceptsTheRequestedShareOfKnownScores)
{
    std::vector<double> scores;
    for (int i = 1; i <= 1000; ++i)
        scores.push_back(i / 1000.0); // 0.001 … 1.000
    for (double share : {0.99, 0.95, 0.5, 1.0}) {
        const double threshold = detail::calibrateThreshold(scores, share);
        const auto accepted =
            std::count_if(scores.begin(), scores.end(), [&](double s) { return s > threshold; });
        EXPECT_EQ(accepted, std::lround(share * 1000)) << "share " << share;
    }
    // Ties at the cut are all accepted: the threshold steps below them.
    EXPECT_LT(detail::calibrateThreshold({0.9, 0.9, 0.9, 0.95}, 0.5), 0.9);
    EXPECT_TRUE(std::isinf(detail::calibrateThreshold({}, 0.99)));
}

TEST(Sha256, MatchesTheStandardsTestVectors)
{
    EXPECT_EQ(detail::sha256("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(detail::sha256(""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(detail::sha256(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Plots, DrawChartsAndHeatmaps)
{
    const cv::Mat chart = lineChart("Loss", "epoch", {{"train", {1.0, 0.5, 0.25}, {255, 0, 0}}});
    EXPECT_EQ(chart.type(), CV_8UC3);
    EXPECT_GT(cv::countNonZero(cv::Mat(chart.reshape(1) != 255)), 1000) << "something is drawn";
    EXPECT_THROW(lineChart("x", "y", {}), Error);
    const cv::Mat heat = confusionHeatmap(computeMetrics({1, 2}, {1, 1}), "t");
    EXPECT_GT(heat.cols, 500);
}

} // namespace
} // namespace dwn
