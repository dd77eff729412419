#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "drawing.h"
#include "dwn/error.h"
#include "dwn/preprocess.h"
#include "thinning.h"

namespace dwn {
namespace {

using test::Ink;
using test::Style;

// MNIST's stroke width by detail::strokeWidth: 5th and 95th percentiles of its 10,000 test
// images (checked by the slow test Mnist.StrokeWidthRangeUsedByThePreprocessingTests).
const double kMnistWidthP5 = 1.7;
const double kMnistWidthP95 = 4.7;

cv::Point2d centreOfMass(const cv::Mat& img)
{
    const cv::Moments m = cv::moments(img);
    return {m.m10 / m.m00, m.m01 / m.m00};
}

void expectMnistLike(const cv::Mat& img, const std::string& what)
{
    SCOPED_TRACE(what);
    ASSERT_EQ(img.type(), CV_8UC1);
    ASSERT_EQ(img.size(), cv::Size(28, 28));
    const cv::Rect box = cv::boundingRect(img);
    EXPECT_LE(box.width, 20);
    EXPECT_LE(box.height, 20);
    EXPECT_GE(std::max(box.width, box.height), 18) << "the longer side fills the 20x20 box";
    const cv::Point2d c = centreOfMass(img);
    EXPECT_NEAR(c.x, 13.5, 0.5);
    EXPECT_NEAR(c.y, 13.5, 0.5);
    const double width = detail::strokeWidth(img);
    EXPECT_GE(width, kMnistWidthP5);
    EXPECT_LE(width, kMnistWidthP95);
}

TEST(Preprocess, EveryDigitAtManySizesPositionsAndPensIsMnistLike)
{
    const std::vector<std::pair<int, double>> canvasAndPen = {{64, 2},   {200, 6},  {512, 3},
                                                              {512, 12}, {512, 40}, {1000, 25}};
    const std::vector<cv::Rect2d> boxes = {
        {0.2, 0.15, 0.6, 0.7}, {0.02, 0.05, 0.3, 0.4}, {0.6, 0.5, 0.35, 0.45}};
    for (int digit = 0; digit <= 9; ++digit)
        for (const auto& [canvas, pen] : canvasAndPen)
            for (const cv::Rect2d& box : boxes) {
                Style style;
                style.canvas = canvas;
                style.pen = pen;
                style.box = box;
                const std::string what = "digit " + std::to_string(digit) + " canvas " +
                                         std::to_string(canvas) + " pen " + std::to_string(pen);
                const Preprocessed p = preprocess(test::drawDigit(digit, style));
                expectMnistLike(p.image, what);
                EXPECT_EQ(p.refusal, "") << what;
            }
}

TEST(Preprocess, RefusesADotAndInkAllOver)
{
    for (const auto& [canvas, pen] :
         std::vector<std::pair<int, int>>{{512, 18}, {512, 60}, {64, 4}}) {
        cv::Mat dot(canvas, canvas, CV_8UC1, cv::Scalar(255));
        cv::circle(dot, {canvas / 3, canvas / 2}, pen / 2, 0, cv::FILLED, cv::LINE_AA);
        EXPECT_EQ(preprocess(dot).refusal, "only a dot or a blot") << canvas << " " << pen;
        cv::line(dot, {canvas / 3, canvas / 2}, {canvas / 3 + 2 * pen, canvas / 2}, 0, pen);
        EXPECT_EQ(preprocess(dot).refusal, "") << "a dash may be part of a digit";
    }
    // Scribbled all over, and a dark photo with a light corner.
    cv::Mat scribble(300, 300, CV_8UC1, cv::Scalar(255));
    for (int y = 10; y < 290; y += 12)
        cv::line(scribble, {5, y}, {295, y + 6}, 0, 14);
    EXPECT_EQ(preprocess(scribble).refusal, "the ink fills the image");
    cv::Mat dark(100, 100, CV_8UC1, cv::Scalar(255));
    cv::rectangle(dark, {0, 0, 90, 90}, 0, cv::FILLED);
    EXPECT_EQ(preprocess(dark).refusal, "the ink fills the image");
}

TEST(Preprocess, ADigitCroppedToItsInkIsNoFilledImage)
{
    // A thick 1, 0 and 8 cut out to their ink cover most of their images, in strokes.
    for (const int digit : {1, 0, 8}) {
        Style style;
        style.pen = 70;
        const cv::Mat drawn = test::drawDigit(digit, style);
        const cv::Mat cropped = drawn(cv::boundingRect(drawn < 128));
        ASSERT_GT(cv::countNonZero(cropped < 128), cropped.total() / 2) << digit;
        EXPECT_EQ(preprocess(cropped).refusal, "") << digit;
        EXPECT_EQ(prepare(cropped).refusal, "") << digit;
    }
}

TEST(Preprocess, ATinyDigitIsNoDot)
{
    // Digits under 8 px tall, as in a number photographed from afar: grey, about a pixel thick.
    for (int digit = 0; digit <= 9; ++digit) {
        Style style;
        style.pen = 40;
        cv::Mat tiny;
        cv::resize(test::drawDigit(digit, style), tiny, {11, 11}, 0, 0, cv::INTER_AREA);
        EXPECT_EQ(preprocess(tiny).refusal, "") << digit;
    }
}

TEST(Preprocess, AMarkersDigitIsPreparedAsSoftInk)
{
    // A 5 about 400 px tall: re-drawn with a 40 px pen, kept as it is with a 90 px marker.
    for (const double pen : {40.0, 90.0}) {
        Style style;
        style.pen = pen;
        const cv::Mat five = test::drawDigit(5, style);
        const cv::Mat expected = (pen > 60 ? preprocessSoft(five) : preprocess(five)).image;
        EXPECT_EQ(cv::norm(prepare(five).image, expected, cv::NORM_INF), 0) << pen;
    }
    EXPECT_FALSE(isMarkerPen(40, 400));
    EXPECT_TRUE(isMarkerPen(90, 400));
}

TEST(Preprocess, APensDigitScannedInBlackAndWhiteIsPreparedAsSoftInk)
{
    // A 5 about 400 px tall with a 40 px pen (0.1 of its height, as MNIST's pens are): drawn,
    // its antialiased strokes are re-drawn; scanned in black and white, its ragged strokes are
    // kept as they are. With a 20 px pen, as the window's strokes are, both are re-drawn.
    for (const double pen : {20.0, 40.0}) {
        Style style;
        style.pen = pen;
        const cv::Mat drawn = test::drawDigit(5, style);
        const cv::Mat scanned = (drawn > 128) & 255;
        EXPECT_FALSE(isBinaryInk(255 - drawn, 255)) << pen;
        EXPECT_TRUE(isBinaryInk(255 - scanned, 255)) << pen;
        std::vector<uchar> jpeg; // saved as a JPEG: its ringing stays near black and white
        cv::imencode(".jpg", scanned, jpeg, {cv::IMWRITE_JPEG_QUALITY, 50});
        EXPECT_TRUE(isBinaryInk(255 - cv::imdecode(jpeg, cv::IMREAD_GRAYSCALE), 255)) << pen;
        EXPECT_EQ(cv::norm(prepare(drawn).image, preprocess(drawn).image, cv::NORM_INF), 0);
        const cv::Mat expected = (pen > 30 ? preprocessSoft(scanned) : preprocess(scanned)).image;
        EXPECT_EQ(cv::norm(prepare(scanned).image, expected, cv::NORM_INF), 0) << pen;
    }
    EXPECT_FALSE(isScannedPen(30, 400));
    EXPECT_TRUE(isScannedPen(40, 400));
}

TEST(Preprocess, ThinAndThickPensGiveTheSameStrokeWidth)
{
    Style thin, thick;
    thin.pen = 3;
    thick.pen = 40;
    const double a = detail::strokeWidth(preprocess(test::drawDigit(4, thin)).image);
    const double b = detail::strokeWidth(preprocess(test::drawDigit(4, thick)).image);
    EXPECT_NEAR(a, b, 0.5);
}

TEST(Preprocess, PolarityColourAlphaAndDepthDoNotMatter)
{
    Style style;
    const cv::Mat reference = preprocess(test::drawDigit(7, style)).image;
    for (Ink ink : {Ink::LightOnDark, Ink::ColourOnWhite, Ink::Transparent})
        for (bool sixteen : {false, true}) {
            style.ink = ink;
            style.sixteenBit = sixteen;
            const cv::Mat out = preprocess(test::drawDigit(7, style)).image;
            EXPECT_LE(cv::norm(out, reference, cv::NORM_INF), 40)
                << "ink " << static_cast<int>(ink) << " 16-bit " << sixteen;
        }
}

TEST(Preprocess, KeepsTheAspectRatio)
{
    const Preprocessed one = preprocess(test::drawDigit(1, Style{}));
    const cv::Rect box = cv::boundingRect(one.image);
    EXPECT_GE(box.height, 18);
    EXPECT_LE(box.width, 12);
    const cv::Mat line = cv::Mat(300, 300, CV_8UC1, cv::Scalar(255));
    cv::line(line, {50, 150}, {250, 150}, cv::Scalar(0), 8);
    const cv::Rect flat = cv::boundingRect(preprocess(line).image);
    EXPECT_GE(flat.width, 18);
    EXPECT_LE(flat.height, 5);
}

TEST(Preprocess, ReportsTheInkBoxAndScale)
{
    Style style;
    style.pen = 10;
    const Preprocessed p = preprocess(test::drawDigit(0, style));
    // The 0 spans x 0.2+0.6*0.2 … 0.2+0.6*0.8 and y 0.15+0.7*0.05 … 0.15+0.7*0.95 of 512 px,
    // widened by half the pen on each side.
    EXPECT_NEAR(p.inkBox.x, 512 * (0.2 + 0.6 * 0.2) - 5, 3);
    EXPECT_NEAR(p.inkBox.y, 512 * (0.15 + 0.7 * 0.05) - 5, 3);
    EXPECT_NEAR(p.inkBox.height, 512 * 0.7 * 0.9 + 10, 3);
    // The same drawing at half the size is scaled twice as much, give or take the skeleton's
    // quantisation: a working pixel at each end of a ~45 px span.
    style.canvas = 256;
    style.pen = 5;
    EXPECT_NEAR(preprocess(test::drawDigit(0, style)).scale / p.scale, 2.0, 2.0 * 2 / 45);
}

TEST(Preprocess, IgnoresAFarSpeck)
{
    Style style;
    style.box = {0.5, 0.4, 0.3, 0.4};
    cv::Mat clean = test::drawDigit(2, style);
    cv::Mat specked = clean.clone();
    specked.at<uchar>(10, 10) = 0;
    specked.at<uchar>(11, 10) = 0;
    EXPECT_LE(cv::norm(preprocess(specked).image, preprocess(clean).image, cv::NORM_INF), 1);
}

TEST(Preprocess, MnistDigitsStayAsTheyAre)
{
    // An image that is already MNIST-like passes through nearly unchanged.
    const cv::Mat once = preprocess(test::drawDigit(3, Style{})).image;
    const cv::Mat twice = preprocess(once).image;
    cv::Mat a, b;
    once.convertTo(a, CV_32F, 1.0 / 255);
    twice.convertTo(b, CV_32F, 1.0 / 255);
    EXPECT_GT(a.dot(b) / (cv::norm(a) * cv::norm(b)), 0.9);
}

TEST(Preprocess, BlankImagesAreNothingDrawn)
{
    const std::vector<cv::Mat> blanks = {cv::Mat(256, 256, CV_8UC1, cv::Scalar(255)),
                                         cv::Mat(256, 256, CV_8UC1, cv::Scalar(0)),
                                         cv::Mat(100, 80, CV_8UC3, cv::Scalar(120, 130, 140)),
                                         cv::Mat(64, 64, CV_8UC4, cv::Scalar(0, 0, 0, 0))};
    for (const cv::Mat& blank : blanks) {
        try {
            preprocess(blank);
            FAIL() << "a blank image was accepted";
        } catch (const Error& e) {
            EXPECT_STREQ(e.what(), "nothing drawn");
        }
    }
    cv::Mat faint(256, 256, CV_8UC1, cv::Scalar(255));
    cv::randu(faint, 235, 256); // paper grain, no ink
    EXPECT_THROW(preprocess(faint), Error);
}

TEST(Preprocess, RejectsUnsupportedImages)
{
    EXPECT_THROW(preprocess(cv::Mat()), Error);
    try {
        preprocess(cv::Mat(28, 28, CV_32FC1, cv::Scalar(1)));
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("8-bit and 16-bit"), std::string::npos);
    }
}

// A digit drawn dark on white at 128 px and blurred as a soft scan is: grey strokes.
cv::Mat softDigit(int digit, double blur)
{
    Style style;
    style.canvas = 128;
    style.pen = 7;
    cv::Mat image = test::drawDigit(digit, style);
    cv::GaussianBlur(image, image, cv::Size(), blur);
    return image;
}

// How much two 28x28 images differ: the mean absolute difference, 0..255.
double meanDifference(const cv::Mat& a, const cv::Mat& b)
{
    cv::Mat difference;
    cv::absdiff(a, b, difference);
    return cv::mean(difference)[0];
}

// Whether the ink above half of 255 encloses a hole: background not connected to the border.
bool hasHole(const cv::Mat& img)
{
    cv::Mat background = img <= 127, labels;
    cv::copyMakeBorder(background, background, 1, 1, 1, 1, cv::BORDER_CONSTANT, 255);
    return cv::connectedComponents(background, labels, 4) - 1 >= 2;
}

TEST(Preprocess, ABlurredRingStaysClosed)
{
    for (const double blur : {2.0, 3.0, 4.0}) {
        const cv::Mat soft = softDigit(0, blur);
        ASSERT_TRUE(isSoftInk(inkCrop(soft, 0.1).ink)) << blur;
        EXPECT_TRUE(hasHole(prepare(soft).image)) << "a 0 blurred by " << blur << " stays an O";
    }
}

TEST(Preprocess, ATinyDigitEnlargedLooksAsItDoesDrawnLarge)
{
    // Digits 8-16 px tall (a number photographed from afar) come out of preprocessSoft() as
    // the same digits drawn 358 px tall do: 0.894 alike on average when enlarged linearly
    // (soft strokes, doubted), 0.901 by Lanczos interpolation.
    double alike = 0;
    int n = 0;
    for (const int height : {8, 9, 10, 11, 12, 14, 16})
        for (int digit = 0; digit <= 9; ++digit)
            for (const double pen : {16.0, 24.0, 32.0, 40.0, 50.0}) {
                Style style;
                style.pen = pen;
                const cv::Mat large = test::drawDigit(digit, style);
                const int side = height * style.canvas / 358; // the box is 0.7 of the canvas
                cv::Mat tiny;
                cv::resize(large, tiny, {side, side}, 0, 0, cv::INTER_AREA);
                cv::Mat a, b;
                preprocessSoft(large).image.convertTo(a, CV_32F);
                preprocessSoft(tiny).image.convertTo(b, CV_32F);
                alike += a.dot(b) / (cv::norm(a) * cv::norm(b));
                ++n;
            }
    EXPECT_GT(alike / n, 0.898);
}

TEST(Preprocess, KeepsAFaintStrokeAttached)
{
    Style style;
    style.canvas = 128;
    style.pen = 7;
    cv::Mat seven = test::drawDigit(7, style);
    // The diagonal fainter than the bar: everything below the bar's row made light grey.
    const int bar = static_cast<int>(0.15 * 128 + 10);
    cv::Mat lower = seven.rowRange(bar, 128);
    lower = 255 - (255 - lower) * 0.45;
    cv::GaussianBlur(seven, seven, cv::Size(), 1.5);
    const cv::Mat out = prepare(seven).image;
    cv::Mat labels;
    EXPECT_EQ(cv::connectedComponents(out > 40, labels) - 1, 1) << "one stroke";
    EXPECT_GT(cv::countNonZero(out.rowRange(14, 24) > 40), 10) << "the faint diagonal is there";
}

TEST(Preprocess, UnevenLightIsTakenOffThePaper)
{
    const cv::Mat even = softDigit(3, 2.5);
    cv::Mat ramp(128, 128, CV_32F);
    for (int y = 0; y < 128; ++y)
        for (int x = 0; x < 128; ++x)
            ramp.at<float>(y, x) = float(0.55 + 0.45 * (x + y) / 254.0); // 55% to 100% light
    cv::Mat lit;
    even.convertTo(lit, CV_32F);
    lit = lit.mul(ramp);
    lit.convertTo(lit, CV_8U);
    EXPECT_LT(meanDifference(prepare(lit).image, prepare(even).image), 8)
        << "a digit photographed in uneven light reads as in even light";
}

TEST(Preprocess, LeavesTheImageItReadsAsItWas)
{
    // The light and the lines are taken off a copy, never off the caller's pixels.
    cv::Mat lit = softDigit(3, 2.5);
    for (int y = 0; y < lit.rows; ++y)
        for (int x = 0; x < lit.cols; ++x)
            lit.at<uchar>(y, x) = cv::saturate_cast<uchar>(lit.at<uchar>(y, x) * (0.6 + x / 320.0));
    cv::Mat lined = softDigit(4, 1.5);
    for (int at = 9; at < lined.rows; at += 21) {
        cv::Mat row = lined.row(at);
        row = cv::min(row, 190);
    }
    const cv::Mat ink = 255 - softDigit(5, 2.5);
    for (const cv::Mat& image : {lit, lined, ink}) {
        const cv::Mat before = image.clone();
        prepare(image);
        preprocess(image);
        preprocessInk(image, true);
        EXPECT_EQ(cv::countNonZero(image != before), 0);
    }
}

TEST(Preprocess, RuledAndSquaredPaperLinesAreTakenOff)
{
    const cv::Mat plain = softDigit(4, 1.5);
    for (const bool squared : {false, true}) {
        cv::Mat paper = plain.clone();
        for (int at = 9; at < 128; at += 21) {
            cv::Mat row = paper.row(at);
            row = cv::min(row, 190);
            if (squared) {
                cv::Mat column = paper.col(at);
                column = cv::min(column, 190);
            }
        }
        EXPECT_LT(meanDifference(prepare(paper).image, prepare(plain).image), 8)
            << (squared ? "squared" : "lined") << " paper";
    }
}

TEST(Preprocess, AStrokeAlongAnImageCroppedToItsInkIsNoPrintedLine)
{
    // Soft digits whose strokes run the height of their image: the side of a stroke is grey
    // from top to bottom, as a printed line would be, but not evenly.
    for (const int digit : {5, 2, 3}) {
        const cv::Mat soft = softDigit(digit, 1.0);
        const cv::Mat cropped = soft(cv::boundingRect(soft < 250));
        EXPECT_LT(meanDifference(prepare(cropped).image, prepare(soft).image), 4) << digit;
    }
}

TEST(Preprocess, ABoxPrintedAroundTheWritingIsTakenOff)
{
    // A form's box: grey lines that stop short of the image's edges.
    const cv::Mat plain = softDigit(6, 1.5);
    cv::Mat boxed = plain.clone();
    cv::Mat grey = boxed.clone();
    cv::rectangle(grey, {9, 9, 110, 110}, 0, 2);
    boxed = cv::min(boxed, cv::max(grey, 170));
    EXPECT_LT(meanDifference(prepare(boxed).image, prepare(plain).image), 8);
}

TEST(Preprocess, ASheetPhotographedOnADeskIsReadOnItsPaper)
{
    // The sheet fills 40% of the photo; around it, a dark, grainy desk.
    for (const int digit : {2, 7, 0}) {
        const cv::Mat sheet = softDigit(digit, 1.5);
        cv::Mat photo(200, 200, CV_8UC1);
        cv::randn(photo, 70, 6);
        sheet.copyTo(photo(cv::Rect(40, 36, sheet.cols, sheet.rows)));
        EXPECT_EQ(prepare(photo).refusal, "") << digit;
        EXPECT_LT(meanDifference(prepare(photo).image, prepare(sheet).image), 8) << digit;
    }
    // The page fills the photo but for one side, where the desk shows beyond its edge; small
    // photos too (the digit 38 px tall).
    for (const int side : {0, 1, 2, 3})
        for (const int size : {128, 48}) {
            cv::Mat sheet;
            cv::resize(softDigit(side == 3 ? 4 : 2 + side, 1.5), sheet, {size, size}, 0, 0,
                       cv::INTER_AREA);
            const int band = size / 5;
            cv::Mat photo;
            cv::copyMakeBorder(sheet, photo, side == 0 ? band : 0, side == 1 ? band : 0,
                               side == 2 ? band : 0, side == 3 ? band : 0, cv::BORDER_CONSTANT, 0);
            const cv::Rect beyond = side == 0   ? cv::Rect(0, 0, size, band)
                                    : side == 1 ? cv::Rect(0, size, size, band)
                                    : side == 2 ? cv::Rect(0, 0, band, size)
                                                : cv::Rect(size, 0, band, size);
            cv::randn(photo(beyond), 60, 6); // the desk: only the band, not the digit's ink
            EXPECT_EQ(prepare(photo).refusal, "") << side << " " << size;
            EXPECT_LT(meanDifference(prepare(photo).image, prepare(sheet).image), 8)
                << side << " " << size;
        }
    // A light 0 on black is no sheet: its ring is ink, its hole no writing.
    Style style;
    style.pen = 30;
    const cv::Mat zero = test::drawDigit(0, style);
    EXPECT_LT(meanDifference(prepare(255 - zero).image, prepare(zero).image), 8);
    // Nor a light 4 on black cut to its ink, its loop closed (an MNIST training digit): its
    // outline is a few straight edges, but far from convex.
    const cv::Mat four =
        cv::imread(DWN_SOURCE_DIR "/tests/data/light-four.png", cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(four.empty());
    EXPECT_LT(meanDifference(prepare(four).image, prepare(255 - four).image), 8);
}

TEST(Preprocess, AShadowAcrossTheDigitIsNoInk)
{
    // A shadow's sharp edge crosses the digit and the border: no smooth surface follows the
    // paper's shade, and the shadowed paper was ink. Under the shadow, ink is measured as the
    // share of the light it takes away, so the digit's two parts weigh the same.
    for (const int digit : {2, 7, 0}) {
        const cv::Mat plain = softDigit(digit, 1.5);
        cv::Mat shadowed = plain.clone();
        for (int y = 0; y < plain.rows; ++y)
            for (int x = 0; x < 60 + (y - 64) / 3; ++x)
                shadowed.at<uchar>(y, x) = cv::saturate_cast<uchar>(0.6 * plain.at<uchar>(y, x));
        EXPECT_EQ(prepare(shadowed).refusal, "") << digit;
        EXPECT_LT(meanDifference(prepare(shadowed).image, prepare(plain).image), 8) << digit;
    }
}

TEST(Preprocess, AFinePensSoftStrokesAreWidenedToMnists)
{
    // A digit written with a fine pen (2 px, 200 px tall) and scanned soft: fitted into 20x20,
    // its strokes were a fraction of a pixel wide, one pixel once made the strongest; MNIST's
    // are 2-3 px.
    for (const int digit : {2, 5, 9}) {
        Style style;
        style.canvas = 280;
        style.pen = 2;
        cv::Mat fine = test::drawDigit(digit, style);
        cv::GaussianBlur(fine, fine, cv::Size(), 1.2);
        ASSERT_TRUE(isSoftInk(inkCrop(fine, 0.1).ink)) << digit;
        const cv::Mat seen = preprocessSoft(fine).image;
        // Pixels over half inked: 96 in an MNIST test digit on average, 28-40 here before.
        EXPECT_GE(cv::countNonZero(seen > 127), 70) << digit;
    }
}

TEST(Preprocess, AGridWhoseRowsFallOnTheSampledRowsIsTakenOff)
{
    // A page of 128 rows whose grid rows lie where the columns are sampled (rows 4, 12, …):
    // once those rows are taken off, the columns are broken exactly there.
    const cv::Mat plain = softDigit(2, 1.5);
    cv::Mat paper = plain.clone();
    for (int i = 0; i < 16; i += 2) {
        cv::Mat row = paper.row((2 * i + 1) * paper.rows / 32);
        row = cv::min(row, 190);
    }
    for (int at = 5; at < paper.cols; at += 14) {
        cv::Mat column = paper.col(at);
        column = cv::min(column, 190);
    }
    EXPECT_LT(meanDifference(prepare(paper).image, prepare(plain).image), 8);
}

TEST(Preprocess, AGridAlongThePagesEdgesIsNoPaper)
{
    // A page cut along grid lines: its top row and left column are lines, and half of its
    // outermost pixels are the lines' grey, not the paper's.
    const cv::Mat plain = softDigit(3, 1.5);
    cv::Mat paper = plain.clone();
    for (int at = 0; at < 128; at += 16) {
        cv::Mat row = paper.row(at), column = paper.col(at);
        row = cv::min(row, 170);
        column = cv::min(column, 170);
    }
    EXPECT_LT(meanDifference(prepare(paper).image, prepare(plain).image), 8);
}

TEST(Preprocess, InkImagesGiveWhatTheirImagesGive)
{
    // preprocessInk() skips looking for the paper; on ink bright on 0 it finds the same.
    for (int digit = 0; digit < 10; ++digit) {
        Style style;
        style.pen = 6 + digit;
        const cv::Mat pen = 255 - test::drawDigit(digit, style);
        const Preprocessed plain = preprocessInk(pen, false);
        EXPECT_EQ(cv::countNonZero(plain.image != preprocess(pen).image), 0) << digit;
        EXPECT_EQ(plain.inkBox, preprocess(pen).inkBox) << digit;
        const cv::Mat soft = 255 - softDigit(digit, 2.5);
        EXPECT_EQ(cv::countNonZero(preprocessInk(soft, true).image != preprocessSoft(soft).image),
                  0)
            << digit;
    }
    EXPECT_THROW(preprocessInk(cv::Mat::zeros(64, 64, CV_8UC1), false), Error);
}

} // namespace
} // namespace dwn
