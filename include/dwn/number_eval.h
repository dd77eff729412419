#pragma once
// Measuring number reading on images whose labels are in their file names ("2026.png",
// "2026_3.png", "-3.5.png"): string accuracy, strings right and accepted, digit accuracy, the
// count of digits found against the true count, a per-image CSV and a gallery of the wrong
// readings with the boxes drawn.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "dwn/evaluation.h"
#include "dwn/reading.h"

namespace dwn {

// The number a file name states: the part of its stem before the first '_', when it is an
// optional '-', digits and at most one '.' between digits; nothing otherwise.
std::optional<std::string> numberLabelOf(const std::filesystem::path& file);

struct NumberItem {
    std::string name;  // relative to the set's folder
    std::string label; // the true number
    cv::Mat image;     // the source, as read
    Reading reading;   // filled by readAll()
};

struct NumberSet {
    std::vector<NumberItem> items;
    std::vector<Skipped> skipped; // unreadable files, names that state no number
};

// Every image below DIR (any depth, name order). Throws dwn::Error when DIR is not a folder.
NumberSet loadNumberFolder(const std::filesystem::path& dir, const Progress& progress = {});

// Reads each item's number from its pixels (piecesOfImage, readNumber). An image in which
// segmentation finds nothing readable gets an empty, refused reading with the reason.
void readAll(const Classifier& classifier, NumberSet& set, const Progress& progress = {});

struct NumberSummary {
    std::size_t images = 0, skipped = 0;
    double stringAccuracy = 0;   // the reading equals the label
    double rightAndAccepted = 0; // equal and accepted
    double digitAccuracy = 0;    // 1 - edit distance / label length, over all images
    std::size_t tooFew = 0, rightCount = 0, tooMany = 0; // digits found against the label's
};

NumberSummary summariseNumbers(const NumberSet& set);

// One row per image: file, label, read, accepted (+/-), digits_expected, digits_found,
// right (+/-), refusal.
std::string numbersCsv(const NumberSet& set);

// The summary as JSON, with the skipped files and their reasons.
std::string numberSummaryJson(const NumberSet& set, const NumberSummary& summary);

// Tiles of the images read wrong or refused: the source with a box around each symbol
// (green accepted, red doubted) and "label -> read". At most `limit` tiles; an empty Mat when
// every image was read right and accepted.
cv::Mat numberErrorGallery(const NumberSet& set, std::size_t limit = 120);

// A set of single drawings (dwn eval --test or --check) read as the window reads a drawing:
// split into symbols first. A digit counts when its reading is accepted and is its label; a
// drawing that is no digit when its reading is refused.
struct AsNumbers {
    struct Row {
        std::string name;  // as in the set
        std::string label; // the digit, "not a number", or empty when unknown
        std::string read;  // the symbols read, empty when nothing was
        bool accepted = false;
        bool right = false; // a digit read and accepted as its label, or a non-digit refused
        std::string refusal;
    };
    std::vector<Row> rows;                      // one per item, in the set's order
    std::size_t digits = 0, digitsRight = 0;    // right and accepted
    std::size_t others = 0, othersRejected = 0; // not a number
};
// Reads the pieces each item was split into when its file was read (a set loaded with
// Split::IntoPieces); an item that could not be split (nothing drawn, too many marks) counts
// as refused, with that reason. Throws dwn::Error for a set loaded without its pieces.
AsNumbers readAsNumbers(const Classifier& classifier, const EvalSet& set);

// One row per image: file, label, read, accepted, right (+/-), refusal.
std::string asNumbersCsv(const AsNumbers& numbers);

// The image with each symbol's box drawn (green: an accepted digit or a sign, red: doubted)
// and its reading above it, as a BGR picture.
cv::Mat drawReading(const cv::Mat& image, const Reading& reading);

} // namespace dwn
