#pragma once
// Splitting a drawing into the pieces a written number is made of: the canvas's pen strokes
// (the best evidence of where one digit ends), or the connected ink of an image file. Pieces
// too wide for one digit (touching digits, a number written in one stroke) are sliced along
// the paths that cut the least ink, which may follow a slant or pass between overlapping
// digits; reading.h decides which pieces make one symbol.

#include <cstddef>
#include <vector>

#include <opencv2/core.hpp>

namespace dwn {

// A stroke as the canvas records it, in the drawing's pixels: points and the pen width at
// each (the same count; a single point is a dot).
struct PenStroke {
    std::vector<cv::Point2f> points;
    std::vector<float> widths;
};

// A part of the drawing that is a symbol or part of one.
struct Piece {
    cv::Rect box;       // in the drawing's pixels (of the level line: Pieces::turn)
    cv::Mat ink;        // CV_8UC1 of the box's size: this piece's ink alone, bright on 0
    int whole = 0;      // pieces sliced from one component or stroke share this number
    double cutPens = 0; // pens of ink the cut along its left side crossed; 0 where not cut
};

// The pieces of a drawing, ordered by the x of their centres, and the measures of its line.
struct Pieces {
    std::vector<Piece> pieces;
    double height = 0; // a digit's height on this line: the median of the tall pieces
    // The line's band: the median top and bottom of the tall pieces at column `centre`, the
    // band rising or falling by `slope` pixels per column (a line written on a slope).
    double top = 0;
    double bottom = 0;
    double centre = 0;
    double slope = 0;
    double topAt(double x) const { return top + slope * (x - centre); }
    double bottomAt(double x) const { return bottom + slope * (x - centre); }
    double pen = 0; // the stroke width, in pixels
    // Grey or blurred ink (isSoftInk), a marker's, or a pen's scanned in black and white
    // (isScannedPen): read with preprocessSoft().
    bool soft = false;
    // A line written on a slope of more than about 6 degrees is turned level before it is sliced:
    // by `turn` radians (tan(turn) pixels down per column before) about `pivot`, in the
    // drawing's pixels. The pieces' boxes and ink are then those of the level line.
    double turn = 0;
    cv::Point2d pivot;
    // Where a box of the pieces (of the level line) lies in the drawing: the bounding box of its
    // corners turned back.
    cv::Rect inDrawing(const cv::Rect& box) const;
};

// Most pieces a drawing may hold once specks are dropped; more is no number.
inline constexpr std::size_t kMaxPieces = 64;

// The connected ink of an image (any format preprocess() reads), specks much thinner than the
// pen and the dots of dot-grid paper dropped. Writing much fainter than the rest (a digit
// written lightly, a faded part of a stroke) is kept, its ink raised to the darkest. Throws
// dwn::Error "nothing drawn" for a blank image, "too many separate marks to be a number" past
// kMaxPieces, and the errors of inkCrop().
Pieces piecesOfImage(const cv::Mat& image);

// One piece per stroke, drawn as the canvas draws it (round pen, antialiased) on a canvas of
// `size`. Throws dwn::Error "nothing drawn" when there is no stroke, and past kMaxPieces.
Pieces piecesOfStrokes(const std::vector<PenStroke>& strokes, cv::Size size);

// The union of `pieces[first..last]` as one image, bright ink on 0, with a margin that makes
// it square so that preprocess() sees a whole symbol; `box` receives its place in the drawing.
cv::Mat composeRun(const std::vector<Piece>& pieces, std::size_t first, std::size_t last,
                   cv::Rect* box);

} // namespace dwn
