#include <set>

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "drawing.h"
#include "dwn/degradations.h"
#include "dwn/error.h"
#include "dwn/preprocess.h"

namespace dwn {
namespace {

// A 0 as MNIST has it: 28x28, ink bright on 0.
cv::Mat mnistZero()
{
    test::Style style;
    style.canvas = 28;
    style.box = {0.25, 0.15, 0.5, 0.7};
    style.pen = 2.5;
    style.ink = test::Ink::LightOnDark;
    return test::drawDigit(0, style);
}

// How sharp an image is: the variance of its Laplacian.
double sharpness(const cv::Mat& image)
{
    cv::Mat laplacian;
    cv::Laplacian(image, laplacian, CV_64F);
    cv::Scalar mean, deviation;
    cv::meanStdDev(laplacian, mean, deviation);
    return deviation[0] * deviation[0];
}

// Rows (or, transposed, columns) whose pixels are all darker than the paper's median: lines.
int fullRows(const cv::Mat& image)
{
    int rows = 0;
    const double paper = cv::mean(image.row(0))[0];
    for (int y = 0; y < image.rows; ++y) {
        double lightest = 0;
        cv::minMaxLoc(image.row(y), nullptr, &lightest);
        rows += lightest < paper - 20;
    }
    return rows;
}

cv::Mat degraded(Degradation kind, unsigned seed)
{
    std::mt19937 rng(seed);
    return degradeDigit(mnistZero(), kind, rng);
}

TEST(Degradations, EachKindIsDarkInkOnLighterPaperAndNamed)
{
    std::vector<std::string> names;
    for (const Degradation kind : allDegradations()) {
        names.push_back(nameOf(kind));
        for (unsigned seed = 1; seed <= 5; ++seed) {
            const cv::Mat image = degraded(kind, seed);
            SCOPED_TRACE(nameOf(kind) + " " + std::to_string(seed));
            ASSERT_EQ(image.type(), CV_8UC1);
            double darkest = 0, lightest = 0;
            cv::minMaxLoc(image, &darkest, &lightest);
            EXPECT_GT(cv::mean(image.row(0))[0], darkest + 60) << "paper lighter than ink";
            EXPECT_NO_THROW(prepare(image)) << "a digit is still there";
        }
    }
    EXPECT_EQ(names, (std::vector<std::string>{"blurred", "shrunk", "photographed", "lined",
                                               "squared", "pencil", "marker"}));
    std::mt19937 rng(1);
    EXPECT_THROW(degradeDigit(cv::Mat(10, 10, CV_8UC1, cv::Scalar(0)), Degradation::Blurred, rng),
                 Error);
}

TEST(Degradations, DoWhatTheySay)
{
    const double sharpLined = sharpness(degraded(Degradation::Lined, 3));
    EXPECT_LT(sharpness(degraded(Degradation::Blurred, 3)), sharpLined / 4) << "blurred";
    for (unsigned seed = 1; seed <= 6; ++seed) {
        const cv::Mat shrunk = degraded(Degradation::Shrunk, seed);
        EXPECT_TRUE(shrunk.rows <= 23 || (shrunk.rows == 112 && sharpness(shrunk) < sharpLined))
            << "tiny, or enlarged from tiny: " << shrunk.rows;
    }
    const cv::Mat photo = degraded(Degradation::Photographed, 4);
    const cv::Mat corners =
        (cv::Mat_<double>(1, 4) << photo.at<uchar>(0, 0), photo.at<uchar>(0, 111),
         photo.at<uchar>(111, 0), photo.at<uchar>(111, 111));
    double dim = 0, bright = 0;
    cv::minMaxLoc(corners, &dim, &bright);
    EXPECT_GT(bright - dim, 15) << "light uneven across the page";

    const cv::Mat lined = degraded(Degradation::Lined, 5),
                  squared = degraded(Degradation::Squared, 5);
    EXPECT_GE(fullRows(lined), 3) << "ruled lines";
    EXPECT_EQ(fullRows(lined.t()), 0) << "and only across";
    EXPECT_GE(fullRows(squared), 4);
    EXPECT_GE(fullRows(squared.t()), 4) << "a grid";

    double pencilDarkest = 0, markerDarkest = 0;
    cv::minMaxLoc(degraded(Degradation::Pencil, 6), &pencilDarkest);
    cv::minMaxLoc(degraded(Degradation::Marker, 6), &markerDarkest);
    EXPECT_GT(pencilDarkest, 50) << "pencil is grey";
    EXPECT_LT(markerDarkest, 50) << "marker is dark";
    EXPECT_GT(cv::countNonZero(degraded(Degradation::Marker, 6) < 128),
              cv::countNonZero(degraded(Degradation::Lined, 6) < 128) * 13 / 10)
        << "marker strokes are thick";
}

TEST(Degradations, NumbersAreDegradedAsDigitsAre)
{
    // "00" written with its digits 20 px tall, dark on white, as dwn numbers writes a number.
    cv::Mat number;
    cv::hconcat(255 - mnistZero(), 255 - mnistZero(), number);
    auto look = [&number](Degradation kind, unsigned seed) {
        std::mt19937 rng(seed);
        return degradeNumber(number, 20, kind, rng);
    };
    for (const Degradation kind : allDegradations()) {
        SCOPED_TRACE(nameOf(kind));
        const cv::Mat image = look(kind, 1);
        ASSERT_EQ(image.type(), CV_8UC1);
        if (kind != Degradation::Shrunk) {
            EXPECT_EQ(image.size(), cv::Size(224, 112)) << "digits drawn 80 px tall, as a digit's";
        }
        double darkest = 0;
        cv::minMaxLoc(image, &darkest);
        EXPECT_GT(cv::mean(image.row(0))[0], darkest + 60) << "paper lighter than ink";
        EXPECT_EQ(cv::norm(image, look(kind, 1), cv::NORM_INF), 0) << "repeatable with a seed";
    }
    EXPECT_LT(sharpness(look(Degradation::Blurred, 2)), sharpness(look(Degradation::Lined, 2)) / 4);
    for (unsigned seed = 1; seed <= 6; ++seed) {
        const cv::Mat shrunk = look(Degradation::Shrunk, seed);
        EXPECT_TRUE(shrunk.rows <= 23 || shrunk.rows == 112) << "digits 8-16 px: " << shrunk.rows;
        EXPECT_NEAR(double(shrunk.cols) / shrunk.rows, 2.0, 0.2) << "the number's shape kept";
    }
    // Columns darker than the paper from top to bottom: the grid's lines.
    const cv::Mat squared = look(Degradation::Squared, 3);
    int lines = 0;
    for (int x = 0; x < squared.cols; ++x) {
        double lightest = 0;
        cv::minMaxLoc(squared.col(x), nullptr, &lightest);
        lines += lightest < 225;
    }
    EXPECT_GE(lines, 8) << "a grid across the whole number";
    std::mt19937 rng(1);
    EXPECT_THROW(degradeNumber(cv::Mat(20, 40, CV_8UC3), 20, Degradation::Blurred, rng), Error);
    EXPECT_THROW(degradeNumber(number, 0, Degradation::Blurred, rng), Error);
}

TEST(Degradations, AFadedNumberIsWrittenFaintlyOverASpan)
{
    // A line of ink 400 px long (digits 40 px tall): one span of it, a quarter to a half of the
    // line, keeps 22-40% of its contrast; the rest of the line is as it was.
    cv::Mat number(60, 440, CV_8UC1, cv::Scalar(255));
    cv::rectangle(number, cv::Rect(20, 10, 400, 40), cv::Scalar(0), cv::FILLED);
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat faded = fadeNumber(number, 40, rng);
        ASSERT_EQ(faded.size(), number.size());
        int faint = 0, kept = 0;
        double lightest = 0;
        for (int x = 20; x < 420; ++x) {
            const int ink = 255 - faded.at<uchar>(30, x);
            faint += ink < 0.5 * 255;
            kept += ink == 255;
            lightest = std::max(lightest, 1 - ink / 255.0);
        }
        EXPECT_GE(faint, 0.25 * 400 - 12) << seed;
        EXPECT_LE(faint, 0.5 * 400) << seed;
        EXPECT_GE(kept, 0.5 * 400 - 12) << seed;
        EXPECT_GE(1 - lightest, 0.21) << seed;
        EXPECT_LE(1 - lightest, 0.41) << seed;
        EXPECT_EQ(cv::norm(faded.row(5), number.row(5), cv::NORM_INF), 0) << "the paper as it was";
    }
    std::mt19937 rng(1);
    EXPECT_THROW(fadeNumber(cv::Mat(20, 40, CV_8UC3), 20, rng), Error);
    EXPECT_THROW(fadeNumber(number, 0, rng), Error);
}

TEST(Degradations, AThresholdedNumberIsBlackAndWhite)
{
    cv::Mat number(60, 200, CV_8UC1, cv::Scalar(255));
    for (int x = 0; x < 200; ++x) // ink from black on the left to paper grey on the right
        number.col(x).rowRange(20, 40).setTo(cv::Scalar(x));
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat bw = thresholdNumber(number, rng);
        ASSERT_EQ(bw.size(), number.size());
        EXPECT_EQ(cv::countNonZero((bw > 0) & (bw < 255)), 0) << seed;
        const int black = cv::countNonZero(bw.row(30) == 0);
        EXPECT_GE(black, 96) << seed; // cut at 96–160
        EXPECT_LE(black, 161) << seed;
        EXPECT_EQ(cv::countNonZero(bw.row(5) == 0), 0) << "the paper stays white";
    }
    std::mt19937 rng(1);
    EXPECT_THROW(thresholdNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

TEST(Degradations, ALampLightsTheMiddleOfTheNumber)
{
    const cv::Mat number(100, 300, CV_8UC1, cv::Scalar(255)); // paper alone
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat lit = lampNumber(number, rng);
        ASSERT_EQ(lit.size(), number.size());
        ASSERT_EQ(lit.type(), CV_8UC1);
        const double middle = cv::mean(lit(cv::Rect(140, 40, 20, 20)))[0];
        const double corner = cv::mean(lit(cv::Rect(0, 0, 10, 10)))[0];
        EXPECT_GE(middle, 240) << seed;
        EXPECT_GE(corner, 0.4 * 255) << seed; // 45–65% of the light, less the noise's share
        EXPECT_LE(corner, 0.7 * 255) << seed;
    }
    std::mt19937 rng(1);
    EXPECT_THROW(lampNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

TEST(Degradations, TheDeskShowsBeyondOneEdgeOfThePage)
{
    cv::Mat number(100, 300, CV_8UC1, cv::Scalar(255));
    number(cv::Rect(40, 30, 220, 40)).setTo(0); // the writing, which the desk never covers
    std::set<int> sides;
    for (unsigned seed = 1; seed <= 16; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat photo = deskNumber(number, rng);
        ASSERT_EQ(photo.type(), CV_8UC1);
        const int wider = photo.cols - number.cols, taller = photo.rows - number.rows;
        ASSERT_TRUE((wider == 0) != (taller == 0)) << "one side widened: " << seed;
        const int band = wider + taller;
        EXPECT_GE(band, (wider ? 300 : 100) * 5 / 100) << seed;
        EXPECT_LE(band, (wider ? 300 : 100) * 30 / 100) << seed;
        // The desk on the left or top moves the page by the band.
        const bool leftOrTop = cv::mean(photo(cv::Rect(0, 0, 2, 2)))[0] < 160;
        const bool rightOrBottom =
            cv::mean(photo(cv::Rect(photo.cols - 2, photo.rows - 2, 2, 2)))[0] < 160;
        EXPECT_NE(leftOrTop, rightOrBottom) << "the desk, darker, on one side: " << seed;
        const cv::Point shift(leftOrTop ? wider : 0, leftOrTop ? taller : 0);
        EXPECT_LT(cv::mean(photo(cv::Rect(40, 30, 220, 40) + shift))[0], 40) << seed;
        EXPECT_GT(cv::mean(photo(cv::Rect(40, 80, 220, 15) + shift))[0], 230) << "paper";
        sides.insert(wider ? (leftOrTop ? 0 : 1) : (leftOrTop ? 2 : 3));
    }
    EXPECT_EQ(sides.size(), 4u) << "any side";
    std::mt19937 rng(1);
    EXPECT_THROW(deskNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

TEST(Degradations, ATiltedNumberIsTurnedWhole)
{
    cv::Mat number(100, 300, CV_8UC1, cv::Scalar(255));
    cv::line(number, {20, 50}, {280, 50}, cv::Scalar(0), 6); // a level stroke along the line
    const int ink = cv::countNonZero(number < 128);
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat tilted = tiltNumber(number, rng);
        ASSERT_EQ(tilted.type(), CV_8UC1);
        EXPECT_GT(tilted.rows, number.rows) << "the page grows to hold it: " << seed;
        EXPECT_NEAR(cv::countNonZero(tilted < 128), ink, ink / 20) << "all of it kept: " << seed;
        std::vector<cv::Point> dark;
        cv::findNonZero(tilted < 128, dark);
        cv::Vec4f line;
        cv::fitLine(dark, line, cv::DIST_L2, 0, 0.01, 0.01);
        const double degrees = std::abs(std::atan(line[1] / line[0])) * 180 / CV_PI;
        EXPECT_GE(degrees, 4.9) << seed;
        EXPECT_LE(degrees, 18.1) << seed;
        EXPECT_EQ(tilted.at<std::uint8_t>(0, 0), 255) << "white paper fills the corners";
    }
    std::mt19937 rng(1);
    EXPECT_THROW(tiltNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

// A written number of three digits apart, as degradeNumber() takes it: three slanted strokes
// 5 px thick on a 200x60 page.
cv::Mat threeStrokes()
{
    cv::Mat number(60, 200, CV_8UC1, cv::Scalar(255));
    for (const int x : {20, 90, 160})
        cv::line(number, {x, 10}, {x + 10, 50}, cv::Scalar(0), 5);
    return number;
}

TEST(Degradations, ABoxedNumberHasOneDigitInEachBox)
{
    // Three digits apart: each in a cell of its own, the cells' walls printed between them.
    const cv::Mat number = threeStrokes();
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat form = boxNumber(number, rng);
        ASSERT_EQ(form.type(), CV_8UC1);
        // The middle row crosses the outer walls, two inner ones and three digits: seven runs
        // of ink.
        const cv::Mat row = form.row(form.rows / 2) < 200;
        int runs = 0;
        for (int x = 0; x < row.cols; ++x)
            runs += row.at<uchar>(0, x) && (x == 0 || !row.at<uchar>(0, x - 1));
        EXPECT_EQ(runs, 7) << seed;
        EXPECT_EQ(form.at<uchar>(0, 0), 255) << "paper around the boxes";
        EXPECT_LT(cv::countNonZero(form.row(form.rows / 5) < 200), form.cols)
            << "a row of the boxes' tops, not all of the page";
    }
    std::mt19937 rng(1);
    EXPECT_THROW(boxNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

TEST(Degradations, AnUnderlinedNumberHasALineBelowItsInk)
{
    const cv::Mat number = threeStrokes();
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat page = underlineNumber(number, rng);
        ASSERT_EQ(page.type(), CV_8UC1);
        EXPECT_EQ(page.cols, number.cols);
        EXPECT_EQ(
            cv::norm(page(cv::Rect(0, 0, 200, 52)), number(cv::Rect(0, 0, 200, 52)), cv::NORM_INF),
            0)
            << "the digits as they were";
        // Below the digits, a long mark at least eight tenths of their width.
        const cv::Rect line = cv::boundingRect(page(cv::Rect(0, 54, 200, page.rows - 54)) < 200);
        EXPECT_GE(line.width, 0.8 * 150) << seed;
        EXPECT_LT(line.height, 45) << seed << ": one or two lines, flat";
    }
    std::mt19937 rng(1);
    EXPECT_THROW(underlineNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

TEST(Degradations, AnUnderlineTouchingTheNumberRunsIntoItsLowestDigits)
{
    const cv::Mat number = threeStrokes();
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat page = underlineNumber(number, rng, Underline::Touching);
        ASSERT_EQ(page.type(), CV_8UC1);
        EXPECT_EQ(page.cols, number.cols);
        EXPECT_EQ(
            cv::norm(page(cv::Rect(0, 0, 200, 40)), number(cv::Rect(0, 0, 200, 40)), cv::NORM_INF),
            0)
            << "the digits as they were above their feet";
        // Under the digits' feet, a long mark; it joins at least one digit, so that the page
        // holds fewer marks than the three digits and the line.
        const cv::Rect line = cv::boundingRect(page(cv::Rect(0, 53, 200, page.rows - 53)) < 200);
        EXPECT_GE(line.width, 0.8 * 150) << seed;
        cv::Mat labels;
        EXPECT_LE(cv::connectedComponents(page < 200, labels), 4) << seed << ": no digit touched";
    }
}

TEST(Degradations, ACircledNumberHasARingAroundItsInk)
{
    const cv::Mat number = threeStrokes();
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat page = circleNumber(number, rng);
        ASSERT_EQ(page.type(), CV_8UC1);
        // The ring is the one mark round the digits, apart from them: wider than they are, and
        // its box holds each of theirs.
        cv::Mat labels, stats, centres;
        const int count = cv::connectedComponentsWithStats(page < 200, labels, stats, centres);
        int largest = 1;
        for (int i = 2; i < count; ++i)
            if (stats.at<int>(i, cv::CC_STAT_AREA) > stats.at<int>(largest, cv::CC_STAT_AREA))
                largest = i;
        const cv::Rect ring(
            stats.at<int>(largest, cv::CC_STAT_LEFT), stats.at<int>(largest, cv::CC_STAT_TOP),
            stats.at<int>(largest, cv::CC_STAT_WIDTH), stats.at<int>(largest, cv::CC_STAT_HEIGHT));
        EXPECT_EQ(count, 5) << seed << ": the ring and three digits, apart";
        EXPECT_GT(ring.width, 1.1 * 155) << seed;
        EXPECT_GT(ring.height, 40) << seed;
        for (int i = 1; i < count; ++i)
            if (i != largest) {
                const cv::Rect digit(
                    stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                    stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
                EXPECT_EQ(digit & ring, digit) << seed << ": a digit inside the ring's box";
            }
    }
    std::mt19937 rng(1);
    EXPECT_THROW(circleNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

TEST(Degradations, AHighlightedNumberLiesOnADarkerBand)
{
    const cv::Mat number = threeStrokes();
    for (unsigned seed = 1; seed <= 8; ++seed) {
        std::mt19937 rng(seed);
        const cv::Mat page = highlightNumber(number, rng);
        ASSERT_EQ(page.size(), number.size());
        // Between the digits, on the band: paper keeping 70-92% of its light; far to the
        // left of the band's start, white paper.
        const double band = cv::mean(page(cv::Rect(50, 25, 20, 10)))[0];
        EXPECT_GT(band, 0.7 * 255 - 12) << seed;
        EXPECT_LT(band, 0.92 * 255 + 6) << seed;
        EXPECT_GT(cv::mean(page(cv::Rect(0, 0, 4, 4)))[0], 240) << seed;
        EXPECT_LT(cv::mean(page(cv::Rect(20, 30, 12, 4)))[0], 120) << seed << ": the ink kept";
    }
    std::mt19937 rng(1);
    EXPECT_THROW(highlightNumber(cv::Mat(20, 40, CV_8UC3), rng), Error);
}

TEST(Degradations, AreRepeatableWithASeed)
{
    for (const Degradation kind : allDegradations())
        EXPECT_EQ(cv::norm(degraded(kind, 9), degraded(kind, 9), cv::NORM_INF), 0) << nameOf(kind);
}

} // namespace
} // namespace dwn
