#pragma once
// Drawings that are no digits, made procedurally: what the trainer shows the model so that it
// learns to be unsure of them (outlier exposure), and what the tests draw.

#include <cstdint>
#include <string>

#include <opencv2/core.hpp>

#include "dwn/datasets.h"

namespace dwn {

enum class DoodleKind {
    Scribble,    // a smoothed random walk
    Squiggle,    // waves, zigzags and loops in a row
    Polygon,     // triangle, cross, box with diagonals
    Star,        // five-, six- or seven-pointed, outlined or drawn in one stroke
    Heart,       //
    House,       // walls, roof and door
    StickFigure, // head, body, arms and legs
    Sun,         // a disc with rays
    Spiral,      //
    Grid,        // hash signs and hatching
    Letters,     // one to three letters of OpenCV's Hershey fonts, no 0- or 1-like ones
    Face,        // an outline with eyes and a mouth
    Arrow,       //
    Splotches,   // a few filled blobs
    Noise,       // short strokes and dots strewn about
    Knot,        // trefoil, sideways Lissajous figures, roses, a crossed circle
    FontLetters, // one letter of an installed TrueType font, half the time a digit look-alike
};

inline constexpr int kDoodleKinds = 17;

// "scribble", "squiggle", … as in the comments above.
std::string toString(DoodleKind kind);

// A doodle of `kind` on a square canvas (white paper, dark ink, 8-bit grey) of random size,
// at a random place and size, with a random pen and a hand's wobble: the same for the same
// seed.
cv::Mat drawDoodle(DoodleKind kind, std::uint64_t seed);

// `count` doodles, the kinds in turn, each passed through preprocess() as a drawing is; those
// that preprocessing already refuses (a dot, a blot) are replaced by others. The set is
// unlabelled, and the same for the same seed.
DigitImages makeDoodles(std::size_t count, std::uint64_t seed);

} // namespace dwn
