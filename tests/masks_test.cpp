#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "masks.h"

namespace dwn {
namespace {

// Binary images of strokes with gaps and specks, ink everywhere or nowhere, a single pixel,
// and random noise: the cases a chamfer pass or a block count could get wrong at its edges.
std::vector<cv::Mat> binaryImages()
{
    std::vector<cv::Mat> images;
    cv::RNG rng(7);
    for (const cv::Size size : {cv::Size(1, 1), cv::Size(2, 3), cv::Size(5, 1), cv::Size(17, 9),
                                cv::Size(48, 37), cv::Size(61, 60), cv::Size(130, 97)}) {
        cv::Mat strokes = cv::Mat::zeros(size, CV_8UC1);
        for (int i = 0; i < 4; ++i)
            cv::line(strokes, {rng.uniform(0, size.width), rng.uniform(0, size.height)},
                     {rng.uniform(0, size.width), rng.uniform(0, size.height)}, rng.uniform(1, 256),
                     rng.uniform(1, 6));
        images.push_back(strokes);
        cv::Mat noise(size, CV_8UC1);
        rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
        images.push_back(noise);
        images.push_back(cv::Mat(size, CV_8UC1, cv::Scalar(200)));
        images.push_back(cv::Mat::zeros(size, CV_8UC1));
        cv::Mat dot = cv::Mat::zeros(size, CV_8UC1);
        dot.at<uchar>(size.height / 2, size.width / 2) = 255;
        images.push_back(dot);
    }
    return images;
}

TEST(Masks, ChamferDistanceIsOpenCvsExactly)
{
    for (const cv::Mat& image : binaryImages())
        for (const int mask : {3, 5}) {
            SCOPED_TRACE(std::to_string(image.cols) + "x" + std::to_string(image.rows) + ", mask " +
                         std::to_string(mask));
            for (const cv::Mat& binary : {image, cv::Mat(image == 0)}) {
                cv::Mat expected;
                cv::distanceTransform(binary, expected, cv::DIST_L2, mask);
                const cv::Mat ours = detail::chamferDistance(binary, mask);
                ASSERT_EQ(ours.type(), CV_32FC1);
                ASSERT_EQ(ours.size(), binary.size());
                EXPECT_EQ(cv::norm(ours, expected, cv::NORM_INF), 0);
            }
        }
}

TEST(Masks, InkAreaCountsWhatOpenCvsErosionKeeps)
{
    for (const cv::Mat& image : binaryImages()) {
        SCOPED_TRACE(std::to_string(image.cols) + "x" + std::to_string(image.rows));
        cv::Mat padded, inner;
        cv::copyMakeBorder(image, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
        cv::erode(padded, inner, cv::Mat());
        const detail::InkArea closed = detail::inkArea(image, false);
        EXPECT_EQ(closed.area, cv::countNonZero(image));
        EXPECT_EQ(closed.interior, cv::countNonZero(inner));
        cv::erode(image, inner, cv::Mat());
        const detail::InkArea open = detail::inkArea(image, true);
        EXPECT_EQ(open.area, cv::countNonZero(image));
        EXPECT_EQ(open.interior, cv::countNonZero(inner));
    }
}

TEST(Masks, BlockCoverageIsOpenCvsAreaResizeOfTheMaskExactly)
{
    for (const cv::Mat& image : binaryImages())
        for (const int block : {1, 2, 3, 6, 7})
            for (const uchar threshold : {uchar(0), uchar(100)}) {
                SCOPED_TRACE(std::to_string(image.cols) + "x" + std::to_string(image.rows) +
                             ", block " + std::to_string(block));
                cv::Mat mask, padded, expected;
                cv::threshold(image, mask, threshold, 255, cv::THRESH_BINARY);
                cv::copyMakeBorder(mask, padded, 0, (block - image.rows % block) % block, 0,
                                   (block - image.cols % block) % block, cv::BORDER_CONSTANT, 0);
                cv::resize(padded, expected, cv::Size(padded.cols / block, padded.rows / block), 0,
                           0, cv::INTER_AREA);
                const cv::Mat ours = detail::blockCoverage(image, threshold, block);
                ASSERT_EQ(ours.type(), CV_8UC1);
                ASSERT_EQ(ours.size(), expected.size());
                EXPECT_EQ(cv::norm(ours, expected, cv::NORM_INF), 0);
            }
}

} // namespace
} // namespace dwn
