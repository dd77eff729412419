#pragma once
// Evaluating a model on sets of images: labelled folders, the check set of numbers and not
// numbers, MNIST-style IDX sets; per-image CSV rows, summaries, an error gallery, the ROC curve.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "dwn/classifier.h"
#include "dwn/datasets.h"
#include "dwn/metrics.h"
#include "dwn/preprocess.h"
#include "dwn/segmentation.h"

namespace dwn {

struct EvalItem {
    std::string name;   // the file, relative to the set's folder (or "#<index>" for IDX sets)
    int label = -1;     // the true digit, -1 when unknown
    bool digit = true;  // false for images that are no number
    cv::Mat thumbnail;  // the source as dark ink on white, 84 px on its longer side
    Preprocessed input; // what the network reads
    Verdict verdict;    // filled by classifyAll()
    // The drawing split into pieces as the window splits one, to be read as a number (sets of
    // files loaded with Split::IntoPieces), or why it could not be split (then `pieces` holds
    // none).
    Pieces pieces;
    std::string unsplit;
};

struct Skipped {
    std::string name, reason;
};

struct EvalSet {
    std::string kind; // "test", "check", "mnist", "outliers"
    std::vector<EvalItem> items;
    std::vector<Skipped> skipped; // images that could not be read or hold nothing
};

// Called with (done, total) while a long step runs.
using Progress = std::function<void(std::size_t, std::size_t)>;

// Whether loading a set of files also splits each drawing into pieces (EvalItem::pieces), for
// readAsNumbers(), while its image is in memory.
enum class Split { No, IntoPieces };

// Labelled folders DIR/<digit>/… (any depth below the digit, any image format OpenCV reads,
// file names in any script), in name order. Files that cannot be read and folders not named
// by a digit are listed as skipped. Throws dwn::Error when DIR is not a folder.
EvalSet loadTestFolders(const std::filesystem::path& dir, const Progress& progress = {},
                        Split split = Split::No);

// The check set: DIR/numbers/… (a digit folder below gives the label) and DIR/not numbers/….
// Other folders are listed as skipped. Throws dwn::Error when DIR has neither.
EvalSet loadCheckFolders(const std::filesystem::path& dir, const Progress& progress = {},
                         Split split = Split::No);

// An IDX-style set (MNIST, or Fashion-MNIST with `digits` false). With `asDrawings` each
// image goes through preprocess() as a drawing would; otherwise the network reads it as it
// is, as it read it in training.
EvalSet fromImages(const DigitImages& images, const std::string& kind, bool digits,
                   bool asDrawings);

// Classifies every item in batches, filling its verdict.
void classifyAll(const Classifier& classifier, EvalSet& set, const Progress& progress = {});

// One row per item: file, logit 0 … logit 9, predicted, threshold_act (+ accepted, -
// rejected), then label (labelled sets) or is_real_number (+ / -) for the check set, and
// reason (why preprocessing refused it, if it did). Fields are quoted where CSV needs it.
std::string evalCsv(const EvalSet& set);

struct EvalSummary {
    std::size_t images = 0, skipped = 0;
    // Over the images with a known label (NaN-free: 0 when there are none).
    std::size_t labelled = 0;
    Metrics metrics;              // predicted against label
    double accuracy = 0;          // argmax right
    double rightAndAccepted = 0;  // argmax right and accepted
    double digitsAccepted = 0;    // of the digits, the share accepted
    double nonDigitsRejected = 0; // of the others, the share rejected
    std::size_t digits = 0, nonDigits = 0;
    double auroc = -1; // digits against non-digits by the model's score; -1 without both
};

EvalSummary summarise(const EvalSet& set);

// The summary as a JSON object: counts, shares, per-class report, macro-F1, the confusion
// matrix and the skipped files with their reasons.
std::string summaryJson(const EvalSet& set, const EvalSummary& summary);

// Tiles of the images the model got wrong (wrong digit, a digit rejected, a non-digit
// accepted), each with the source, what the network read, and "true → predicted". At most
// `limit` tiles; an empty Mat when there is nothing wrong.
cv::Mat errorGallery(const EvalSet& set, std::size_t limit = 240);

// Points of the ROC curve of digits against non-digits (x: share of non-digits accepted, y:
// share of digits accepted) as the threshold moves, and the point of `threshold`. Refused
// items are never accepted.
struct Roc {
    std::vector<cv::Point2d> curve;
    cv::Point2d at;
    double auroc = 0.5;
};
Roc rocOf(const std::vector<const EvalItem*>& digits, const std::vector<const EvalItem*>& others,
          double threshold);

// Kaggle's submission: "ImageId,Label", one row per image, ids from 1.
std::string submissionCsv(const std::vector<Verdict>& verdicts);

} // namespace dwn
