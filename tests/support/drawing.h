#pragma once
// Synthetic drawings of digits for the tests: strokes of lines and arcs, at any size,
// position, pen width and polarity.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "dwn/segmentation.h"

namespace dwn::test {

enum class Ink {
    DarkOnLight,   // black pen on white paper, 1 channel
    LightOnDark,   // white chalk on black, 1 channel
    ColourOnWhite, // blue pen on white, 3 channels (BGR)
    Transparent,   // black strokes on a fully transparent background, 4 channels (BGRA)
};

struct Style {
    int canvas = 512;                    // square canvas side in pixels
    cv::Rect2d box{0.2, 0.15, 0.6, 0.7}; // where the digit goes, as fractions of the canvas
    double pen = 12;                     // pen width in pixels
    Ink ink = Ink::DarkOnLight;
    bool sixteenBit = false;
};

// Digit 0 … 9 drawn with polylines and ellipses in the style given.
cv::Mat drawDigit(int digit, const Style& style);

// A five-pointed star, which is no digit.
cv::Mat drawStar(const Style& style);

// `text` (digits, '-', '.', '*' for a star) written as pen strokes along a line of `canvas`:
// digits half the canvas tall and 0.6 of that wide, each `gap` digit widths after the one
// before (negative: overlapping it), with a pen of `pen` pixels.
std::vector<PenStroke> numberStrokes(const std::string& text, cv::Size canvas, double gap,
                                     double pen);

// The strokes drawn dark on white, as the window's canvas holds them.
cv::Mat renderStrokes(const std::vector<PenStroke>& strokes, cv::Size canvas);

// `image` encoded as a phone writes a photo: a JPEG of the pixels as stored, with an Exif
// segment whose orientation tag (1 to 8) says how to turn them upright, in big-endian
// (`motorola`) or little-endian TIFF.
std::vector<unsigned char> jpegWithOrientation(const cv::Mat& image, int orientation,
                                               bool motorola);

} // namespace dwn::test
