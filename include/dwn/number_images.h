#pragma once
// Images of written numbers made from MNIST-style digits, for measuring number reading: each
// number is 2–6 digits drawn from a set (use MNIST's *test* digits for evaluation, never
// training ones), with random heights, baselines, slants and spacing from wide gaps to
// touching and overlapping pairs.

#include <random>
#include <string>

#include <opencv2/core.hpp>

#include "dwn/datasets.h"

namespace dwn {

enum class Spacing {
    Gaps,     // every pair of neighbours apart
    Touching, // at least one pair touching or overlapping, others apart
};

struct NumberStyle {
    int minDigits = 2, maxDigits = 6;
    Spacing spacing = Spacing::Gaps;
};

struct NumberImage {
    std::string label; // the digits, left to right
    cv::Mat image;     // CV_8UC1, dark ink on white paper
    // CV_8UC1 of the image's size: 1 + the index in `label` of the digit whose ink is the
    // darkest at each pixel, 0 where no digit has ink.
    cv::Mat owner;
    double digitHeight = 0; // the digits' height before each one's jitter, in pixels
};

// `digit` (ink bright on 0) cropped to its ink, scaled to `height` pixels and slanted by
// `slant` (its top shifted right by that share of its height; negative leans left), as ink
// bright on 0 cropped to itself: one digit as makeNumberImage() writes it.
cv::Mat slantedDigit(const cv::Mat& digit, double height, double slant);

// One digit as slantedDigit() writes it, with the margin of paper makeNumberImage() leaves
// around a number: dark ink on white paper.
cv::Mat digitOnPage(const cv::Mat& digit, double height, double slant);

// One number drawn from `digits` (labelled, ink bright on 0) with `rng`. Throws dwn::Error
// when the set is empty or unlabelled, or the style's digit counts are not 1 ≤ min ≤ max ≤ 12.
NumberImage makeNumberImage(const DigitImages& digits, const NumberStyle& style, std::mt19937& rng);

} // namespace dwn
