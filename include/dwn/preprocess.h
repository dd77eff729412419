#pragma once
// MNIST's recipe for turning any drawing or image into the 28x28 image the model reads.

#include <string>

#include <opencv2/core.hpp>

namespace dwn {

// Ink differs from the paper by at least this (of 255); fainter images hold nothing drawn.
inline constexpr int kMinInkContrast = 32;

// What preprocessing made of an image.
struct Preprocessed {
    cv::Mat image;   // 28x28 CV_8UC1, ink bright on 0, centre of mass at the centre
    cv::Rect inkBox; // the ink's bounding box in the source image
    double scale;    // output pixels per source pixel
    // Why the drawing is surely no digit, found before any network sees it: "only a dot or
    // a blot" (its centre lines are short beside its size) or "the ink fills the image" (more
    // than half of it is ink). Empty for anything that may be a digit.
    std::string refusal;
};

// Turns a drawing or a photo of a digit into MNIST's form: ink made bright whatever the
// polarity (dark on light, light on dark, or drawn on a transparent background), faint
// noise and specks dropped, the strokes re-drawn with MNIST's pen width whatever the
// source pen, fitted into 20x20 keeping the aspect ratio, and shifted in a 28x28 field so
// that the centre of mass is at the centre.
// Accepts 8-bit or 16-bit images with 1 (gray), 2 (gray + alpha), 3 (BGR) or 4 (BGRA)
// channels. Throws dwn::Error "nothing drawn" for a blank image, and a dwn::Error naming
// the type for any other pixel format.
Preprocessed preprocess(const cv::Mat& image);

// Whether the ink is soft: grey, blurred or antialiased at a small size, as scans, photos and
// MNIST's own digits are, rather than a pen's solid strokes. It is when more than 45% of the
// pixels above a tenth of the strongest ink stay below nine tenths of it. `ink` is bright on
// 0 (as inkCrop gives it).
bool isSoftInk(const cv::Mat& ink);
// The same, for ink whose strongest value is known.
bool isSoftInk(const cv::Mat& ink, uchar strongest);

// Whether the ink is binary: a scan in black and white or a 1-bit image, saved as PNG or as
// JPEG. It is when fewer of its pixels lie between 0.3 and 0.7 of the strongest ink
// (`strongest`) than 1% of its outline's pixels (at half the strongest): a pen's antialiased
// edges have one every few outline pixels (3–62% in inputs/), a JPEG's ringing stays near
// black or white (at most 1.5% at quality 50).
bool isBinaryInk(const cv::Mat& ink, uchar strongest);

// The stroke width of the ink in a binary mask: its area over half its outline (a stroke of
// width w and length l has an area of w*l and an outline of about 2*l); at least 1.
double penWidth(const cv::Mat& mask);

// Whether a pen `pen` pixels wide is a marker's for writing `height` pixels tall: thicker than
// 0.18 of it. A marker's strokes fill a 6's or an 8's loops, and thinning would turn the blot
// into a stroke; such ink is read as soft ink is, its strokes kept as they are.
bool isMarkerPen(double pen, double height);

// Whether a pen `pen` pixels wide writing `height` pixels tall in binary ink (isBinaryInk()) is
// thick as a pen's strokes on paper are, scanned in black and white: thicker than 0.09 of the
// height (MNIST's digits: 0.07–0.16; the window's strokes: mostly 0.02–0.08). Such ink is read
// as soft ink is: thinning breaks its ragged strokes and fills, while fitting them into 20x20
// smooths them as MNIST's digits, made from such scans, were.
bool isScannedPen(double pen, double height);

// MNIST's recipe applied to the grey ink itself, without re-drawing the strokes: the ink's
// box (as preprocess() finds it) fitted into 20x20 keeping the aspect ratio, its strongest
// ink made 255, the centre of mass at the centre of 28x28. What suits soft ink, whose strokes
// thinning would break. The checks before the network and the errors are preprocess()'s.
Preprocessed preprocessSoft(const cv::Mat& image);

// preprocess() (or preprocessSoft(), when `soft`) for an image that is ink already: bright on 0,
// printed lines taken off, as segmentation's pieces are (composeRun()). The paper is not
// looked for again.
Preprocessed preprocessInk(const cv::Mat& ink, bool soft);

// preprocessSoft() for an image of soft ink, drawn with a marker's pen (isMarkerPen(), its
// pen measured at half its strongest ink against its ink's height) or scanned in black and
// white (isBinaryInk() and isScannedPen()), preprocess() for anything else.
Preprocessed prepare(const cv::Mat& image);

// The image as dark ink on white paper, 8-bit grey, whatever its polarity, colour or alpha:
// what the window puts on its canvas when an image file is opened. Throws dwn::Error for the
// pixel formats preprocess() refuses.
cv::Mat inkOnPaper(const cv::Mat& image);

// The image's ink, bright on 0, 8-bit grey, whatever its polarity, colour or alpha, cut to
// the box of the pixels above `share` of its darkest ink (and above half kMinInkContrast):
// what segmentation splits into pieces.
struct InkCrop {
    cv::Mat ink;       // CV_8UC1, the box's size
    cv::Rect box;      // where it lies in the image; empty when nothing is drawn
    uchar darkest = 0; // the strongest ink, 0..255
};
// Throws dwn::Error as inkOnPaper() does.
InkCrop inkCrop(const cv::Mat& image, double share);

} // namespace dwn
