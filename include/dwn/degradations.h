#pragma once
// Digits as people's images of them look: MNIST-style digits degraded as scans, photos and
// pages are (blurred, shrunk, photographed, on lined or squared paper, in pencil or marker).
// They make the robustness set (`dwn degrade`, measured by `dwn eval --robustness`) and, from
// training digits only, a share of what the trainer learns from.

#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "dwn/datasets.h"

namespace dwn {

enum class Degradation {
    Blurred,      // a soft, out-of-focus image: Gaussian blur of 2–4.5 px on a 112 px digit
    Shrunk,       // a digit 8–16 px tall, kept that small or enlarged back (blocky, blurry)
    Photographed, // uneven light across the page, grey ink, sensor noise, JPEG at quality 30–60
    Lined,        // on ruled paper: grey lines every 18–30 px under the ink
    Squared,      // on squared paper: a grid every 14–24 px under the ink
    Pencil,       // thin, grey, grainy strokes on off-white paper
    Marker,       // strokes two to three times as thick as MNIST's
};

// Every kind, in the order above.
const std::vector<Degradation>& allDegradations();

// The kind's name, as folders and reports write it: "blurred", "shrunk", "photographed",
// "lined", "squared", "pencil", "marker".
std::string nameOf(Degradation kind);

// `digit` (28x28 8-bit, ink bright on 0, as MNIST) as a person's image of it: 8-bit grey, dark
// ink on lighter paper, degraded as `kind` says with parameters drawn from `rng`. Most kinds
// give 112x112 pixels; Shrunk gives 11–22 or 112 pixels a side. Throws dwn::Error for an image
// that is not 28x28 8-bit grey.
cv::Mat degradeDigit(const cv::Mat& digit, Degradation kind, std::mt19937& rng);

// A written number (8-bit grey, dark ink on white paper, as makeNumberImage() writes it) whose
// digits are about `digitHeight` pixels tall, degraded as `kind` degrades a digit: re-drawn with
// its digits as tall as degradeDigit() draws one (80 px), then degraded alike (Shrunk leaves
// them 8–16 px tall, or enlarged back). Throws dwn::Error for an image that is not 8-bit grey
// or a height that is not positive.
cv::Mat degradeNumber(const cv::Mat& image, double digitHeight, Degradation kind,
                      std::mt19937& rng);

// A written number (as degradeNumber() takes it) with one span of it written faintly, as a
// digit written lightly or a faded part of a scan is: a quarter to a half of the writing's
// width, anywhere along it, whose ink keeps 22–40% of its contrast with the paper, fading in
// over 0.3 digit heights (of `digitHeight` pixels) at either side. Throws dwn::Error as
// degradeNumber() does.
cv::Mat fadeNumber(const cv::Mat& image, double digitHeight, std::mt19937& rng);

// A written number (as degradeNumber() takes it) as a scanner's black-and-white mode or a 1-bit
// image writes it: every pixel black or white, cut at a level drawn from 96–160 of 255 (a low
// cut thins the strokes, a high one thickens them). Throws dwn::Error for an image that is not
// 8-bit grey.
cv::Mat thresholdNumber(const cv::Mat& image, std::mt19937& rng);

// A written number (as degradeNumber() takes it) written uphill or downhill, or photographed
// with the page askew: the whole page turned by 5–18 degrees either way, on white paper large
// enough to hold it. Throws dwn::Error for an image that is not 8-bit grey.
cv::Mat tiltNumber(const cv::Mat& image, std::mt19937& rng);

// A written number (as degradeNumber() takes it) written on a form, one digit in each box of a
// row of printed boxes (a comb field): each digit (its connected ink, parts that overlap across
// merged) centred in its square cell, 1.15–1.4 times the tallest digit, give or take a
// twelfth of it; the lines 1–3 px thick, black to mid-grey (0–140). Throws dwn::Error for an
// image that is not 8-bit grey.
cv::Mat boxNumber(const cv::Mat& image, std::mt19937& rng);

// Where an underline is drawn: clear of the ink, or through the feet of the lowest digits.
enum class Underline { Below, Touching };

// A written number (as degradeNumber() takes it) underlined by hand, as a total or an answer
// is: a line from within a tenth of the ink's width of its left end to within a tenth of its
// right end, rising or falling by up to 3% of its length and bowed by up to a pen. Below: its
// highest point 0.1–0.4 of the ink's height below the ink, one time in five a second line under
// it. Touching: its highest point's upper edge 0.3–1.2 pens above the ink's bottom, so that it
// runs into the lowest digits. Drawn with 0.6–1.2 times the digits' pen in dark ink (0–60), the
// page lengthened below to hold it. Throws dwn::Error for an image that is not 8-bit grey.
cv::Mat underlineNumber(const cv::Mat& image, std::mt19937& rng,
                        Underline place = Underline::Below);

// A written number (as degradeNumber() takes it) circled by hand, as an answer is: an ellipse
// 1.1–1.35 times as wide as the ink, tall enough that the ink's corners lie inside it (up to
// 15% more), turned by up to 5 degrees, its radius wobbling by up to 4%, from a random start
// round 92–110% of the way (a gap, or the end drawn over the start). Drawn with 0.6–1.2 times
// the digits' pen in dark ink (0–60), the page widened to hold it. Throws dwn::Error for an
// image that is not 8-bit grey.
cv::Mat circleNumber(const cv::Mat& image, std::mt19937& rng);

// A written number (as degradeNumber() takes it) marked with a highlighter: a band 1.0–1.5
// times the ink's height, its middle within a tenth of the ink's, from up to 8% of the ink's
// width before it to up to 8% after it, rising or falling by up to 3% of its length, its ends
// slanted as a chisel tip's and its edges blurred (σ 0.7–2); the paper under it keeps 70–92% of
// its light (yellow to pink, as grey), with noise (σ 1–4) and JPEG at quality 60–90. Throws
// dwn::Error for an image that is not 8-bit grey.
cv::Mat highlightNumber(const cv::Mat& image, std::mt19937& rng);

// How a photo's light falls off from the middle of the page: quadratically (a flash's spread),
// or as a lens's cos^4 (bright in the middle, steep further out).
enum class Falloff { Quadratic, Lens };

// The share of the light that falls on each pixel of an image of `size` (CV_32F): all of it in
// the middle, `edge` of it in the corners, falling off as `falloff` says.
cv::Mat lampLight(cv::Size size, Falloff falloff, double edge);

// A written number (as degradeNumber() takes it) photographed under a lamp or a flash that
// lights the middle of the page: the light falls off to 45–65% of it in the corners, as a
// lens's cos^4 (steep towards the edges) or quadratically, with sensor noise (σ 4–10) and JPEG
// at quality 40–70. Throws dwn::Error for an image that is not 8-bit grey.
cv::Mat lampNumber(const cv::Mat& image, std::mt19937& rng);

// A written number (as degradeNumber() takes it) photographed where the page ends short of one
// side of the photo, the desk showing beyond its edge: on a side drawn at random, the image
// widened by 5–30% of its width (or height), the page's edge slanting within that band, the
// desk a grey of 15–140 with grain (σ 2–10), the edge blurred by σ 0.5–2, with sensor noise
// (σ 2–6) and JPEG at quality 50–90. Throws dwn::Error for an image that is not 8-bit grey.
cv::Mat deskNumber(const cv::Mat& image, std::mt19937& rng);

// The looks a written number can be given (`dwn numbers --look`): every degradation by its
// name(), then "faded" (fadeNumber()), "thresholded" (thresholdNumber()), "lamp" (lampNumber()),
// "desk" (deskNumber()), "tilted" (tiltNumber()), "boxed" (boxNumber()), "underlined" and
// "underlined-touching" (underlineNumber(), Below and Touching), "circled" (circleNumber()) and
// "highlighted" (highlightNumber()).
const std::vector<std::string>& numberLooks();

// A written number (as degradeNumber() takes it, its digits about `digitHeight` pixels tall) in
// the look named `look`, one of numberLooks(), with parameters drawn from `rng`. Throws
// dwn::Error for another name, and as the look's own function does.
cv::Mat lookOfNumber(const cv::Mat& image, double digitHeight, const std::string& look,
                     std::mt19937& rng);

struct DegradedDigit {
    Degradation kind;
    std::uint8_t label;
    cv::Mat image; // as degradeDigit() makes it
};

// `count` digits of every kind, in the order of allDegradations(), each drawn at random from
// `digits` and degraded, all from `seed`: the robustness set (what dwn degrade writes). Throws
// dwn::Error when `digits` is empty or unlabelled.
std::vector<DegradedDigit> degradeDigits(const DigitImages& digits, int count, unsigned seed);

} // namespace dwn
