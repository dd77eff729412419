#include "dwn/evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "dwn/error.h"
#include "dwn/image_io.h"
#include "files.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;
using detail::filesBelow;
using detail::quoted;
using detail::relativeName;
using detail::share;

const int kThumb = 84;          // thumbnails and gallery pictures, in pixels a side
const std::size_t kBatch = 256; // images per forward pass
const char* const kNumbers = "numbers";
const char* const kNotNumbers = "not numbers";

cv::Mat thumbnailOf(const cv::Mat& paper)
{
    const double f = double(kThumb) / std::max(paper.cols, paper.rows);
    cv::Mat fitted;
    cv::resize(paper, fitted, cv::Size(), f, f, f < 1 ? cv::INTER_AREA : cv::INTER_NEAREST);
    return fitted;
}

// The pieces of `image` into `item`, or why it has none.
void splitInto(EvalItem& item, const cv::Mat& image)
{
    try {
        item.pieces = piecesOfImage(image);
    } catch (const Error& e) {
        item.unsplit = e.what();
    }
}

// Reads and preprocesses one file into `set`, or lists it as skipped.
void addFile(EvalSet& set, const fs::path& file, const fs::path& root, int label, bool digit,
             Split split)
{
    EvalItem item;
    item.name = relativeName(file, root);
    item.label = label;
    item.digit = digit;
    try {
        const cv::Mat image = readImage(file);
        item.input = prepare(image);
        item.thumbnail = thumbnailOf(inkOnPaper(image));
        if (split == Split::IntoPieces)
            splitInto(item, image);
    } catch (const Error& e) {
        set.skipped.push_back({item.name, e.what()});
        return;
    }
    set.items.push_back(std::move(item));
}

int digitOf(const std::string& name)
{
    return name.size() == 1 && name[0] >= '0' && name[0] <= '9' ? name[0] - '0' : -1;
}

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

// What the gallery writes under a tile.
std::string captionOf(const EvalItem& item)
{
    const std::string said = item.verdict.accepted
                                 ? std::to_string(item.verdict.digit)
                                 : "not (" + std::to_string(item.verdict.digit) + ")";
    const std::string truth = !item.digit       ? "none"
                              : item.label >= 0 ? std::to_string(item.label)
                                                : "a digit";
    return truth + " -> " + said;
}

bool isError(const EvalItem& item)
{
    if (!item.digit)
        return item.verdict.accepted;
    return !item.verdict.accepted || (item.label >= 0 && item.verdict.digit != item.label);
}

// Where a file of a set's folder belongs: its label (-1 unknown) and whether it is a digit,
// or why it is skipped.
struct Place {
    int label = -1;
    bool digit = true;
    std::string skip;
};

// Reads every file below `dir` into a set, each where `placeOf` (given the parts of its path
// relative to `dir`) puts it.
EvalSet loadFolders(const fs::path& dir, const std::string& kind, const Progress& progress,
                    Split split,
                    const std::function<Place(const std::vector<std::string>&)>& placeOf)
{
    EvalSet set;
    set.kind = kind;
    const std::vector<fs::path> files = filesBelow(dir);
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::vector<std::string> parts;
        for (const fs::path& p : files[i].lexically_relative(dir))
            parts.push_back(p.string());
        const Place place = placeOf(parts);
        if (place.skip.empty())
            addFile(set, files[i], dir, place.label, place.digit, split);
        else
            set.skipped.push_back({relativeName(files[i], dir), place.skip});
        if (progress)
            progress(i + 1, files.size());
    }
    return set;
}

} // namespace

EvalSet loadTestFolders(const fs::path& dir, const Progress& progress, Split split)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error("'" + dir.string() + "' is not a folder of labelled drawings");
    return loadFolders(dir, "test", progress, split, [](const std::vector<std::string>& parts) {
        const int label = digitOf(parts[0]);
        return label >= 0 && parts.size() > 1
                   ? Place{label, true, {}}
                   : Place{-1, true, "not in a folder named by a digit (0 … 9)"};
    });
}

EvalSet loadCheckFolders(const fs::path& dir, const Progress& progress, Split split)
{
    std::error_code ec;
    if (!fs::is_directory(dir / kNumbers, ec) && !fs::is_directory(dir / kNotNumbers, ec))
        throw Error("'" + dir.string() + "' has neither a 'numbers' nor a 'not numbers' folder");
    return loadFolders(dir, "check", progress, split, [](const std::vector<std::string>& parts) {
        if (parts.size() > 1 && parts[0] == kNumbers)
            return Place{parts.size() > 2 ? digitOf(parts[1]) : -1, true, {}};
        if (parts.size() > 1 && parts[0] == kNotNumbers)
            return Place{-1, false, {}};
        return Place{-1, true, "neither in 'numbers' nor in 'not numbers'"};
    });
}

EvalSet fromImages(const DigitImages& images, const std::string& kind, bool digits, bool asDrawings)
{
    EvalSet set;
    set.kind = kind;
    set.items.reserve(images.size());
    for (std::size_t i = 0; i < images.size(); ++i) {
        EvalItem item;
        item.name = "#" + std::to_string(i + 1);
        item.label = digits && images.labelled() ? images.labels[i] : -1;
        item.digit = digits;
        const cv::Mat image = images.image(i).clone();
        item.thumbnail = thumbnailOf(255 - image);
        if (!asDrawings) {
            item.input.image = image;
            item.input.inkBox = cv::Rect(0, 0, image.cols, image.rows);
            item.input.scale = 1;
        } else {
            try {
                item.input = prepare(image);
            } catch (const Error& e) {
                set.skipped.push_back({item.name, e.what()});
                continue;
            }
        }
        set.items.push_back(std::move(item));
    }
    return set;
}

void classifyAll(const Classifier& classifier, EvalSet& set, const Progress& progress)
{
    for (std::size_t at = 0; at < set.items.size(); at += kBatch) {
        const std::size_t end = std::min(set.items.size(), at + kBatch);
        std::vector<Preprocessed> batch;
        for (std::size_t i = at; i < end; ++i)
            batch.push_back(set.items[i].input);
        const std::vector<Verdict> verdicts = classifier.classify(batch);
        for (std::size_t i = at; i < end; ++i)
            set.items[i].verdict = verdicts[i - at];
        if (progress)
            progress(end, set.items.size());
    }
}

std::string evalCsv(const EvalSet& set)
{
    const bool check = set.kind == "check" || set.kind == "outliers";
    std::string out = "file";
    for (int k = 0; k < 10; ++k)
        out += ",logit " + std::to_string(k);
    out += check ? ",predicted,threshold_act,is_real_number,reason\n"
                 : ",predicted,threshold_act,label,reason\n";
    for (const EvalItem& item : set.items) {
        out += quoted(item.name);
        for (float l : item.verdict.logits)
            out += "," + number(l);
        out += "," + std::to_string(item.verdict.digit) + (item.verdict.accepted ? ",+" : ",-");
        if (check)
            out += item.digit ? ",+" : ",-";
        else
            out += "," + (item.label >= 0 ? std::to_string(item.label) : std::string());
        out += "," + quoted(item.verdict.refusal) + "\n";
    }
    return out;
}

EvalSummary summarise(const EvalSet& set)
{
    EvalSummary s;
    s.images = set.items.size();
    s.skipped = set.skipped.size();
    std::vector<int> truth, predicted;
    std::size_t right = 0, rightAccepted = 0, digitsAccepted = 0, othersRejected = 0;
    std::vector<const EvalItem*> digits, others;
    for (const EvalItem& item : set.items) {
        if (item.label >= 0) {
            truth.push_back(item.label);
            predicted.push_back(item.verdict.digit);
            right += item.verdict.digit == item.label;
            rightAccepted += item.verdict.digit == item.label && item.verdict.accepted;
        }
        if (item.digit) {
            digits.push_back(&item);
            digitsAccepted += item.verdict.accepted;
        } else {
            others.push_back(&item);
            othersRejected += !item.verdict.accepted;
        }
    }
    s.labelled = truth.size();
    if (!truth.empty())
        s.metrics = computeMetrics(truth, predicted);
    s.accuracy = share(right, s.labelled);
    s.rightAndAccepted = share(rightAccepted, s.labelled);
    s.digits = digits.size();
    s.nonDigits = others.size();
    s.digitsAccepted = share(digitsAccepted, s.digits);
    s.nonDigitsRejected = share(othersRejected, s.nonDigits);
    if (!digits.empty() && !others.empty())
        s.auroc = rocOf(digits, others, 0).auroc;
    return s;
}

std::string summaryJson(const EvalSet& set, const EvalSummary& s)
{
    nlohmann::json j = {{"set", set.kind}, {"images", s.images}, {"skipped_count", s.skipped}};
    if (s.labelled > 0) {
        nlohmann::json classes = nlohmann::json::object();
        for (int k = 0; k < 10; ++k) {
            const ClassReport& c = s.metrics.classes[static_cast<std::size_t>(k)];
            classes[std::to_string(k)] = {{"precision", c.precision},
                                          {"recall", c.recall},
                                          {"f1", c.f1},
                                          {"support", c.support}};
        }
        j["labelled"] = s.labelled;
        j["accuracy"] = s.accuracy;
        j["right_and_accepted"] = s.rightAndAccepted;
        j["macro_f1"] = s.metrics.macroF1;
        j["classes"] = classes;
        j["confusion"] = s.metrics.confusion;
    }
    if (s.digits > 0) {
        j["digits"] = s.digits;
        j["digits_accepted"] = s.digitsAccepted;
    }
    if (s.nonDigits > 0) {
        j["non_digits"] = s.nonDigits;
        j["non_digits_rejected"] = s.nonDigitsRejected;
    }
    if (s.auroc >= 0)
        j["auroc"] = s.auroc;
    std::size_t refused = 0;
    for (const EvalItem& item : set.items)
        refused += !item.verdict.refusal.empty();
    j["refused_before_the_network"] = refused;
    nlohmann::json skipped = nlohmann::json::array();
    for (const Skipped& k : set.skipped)
        skipped.push_back({{"file", k.name}, {"reason", k.reason}});
    j["skipped"] = skipped;
    return j.dump(2) + "\n";
}

cv::Mat errorGallery(const EvalSet& set, std::size_t limit)
{
    std::vector<const EvalItem*> wrong;
    for (const EvalItem& item : set.items)
        if (isError(item) && wrong.size() < limit)
            wrong.push_back(&item);
    if (wrong.empty())
        return {};
    const int tileW = 2 * kThumb + 12, tileH = kThumb + 30, columns = 6;
    const int rows = static_cast<int>((wrong.size() + columns - 1) / columns);
    cv::Mat sheet(rows * tileH, columns * tileW, CV_8UC3, cv::Scalar(245, 245, 245));
    for (std::size_t i = 0; i < wrong.size(); ++i) {
        const EvalItem& item = *wrong[i];
        const cv::Point at(static_cast<int>(i % columns) * tileW + 4,
                           static_cast<int>(i / columns) * tileH + 4);
        cv::Mat source;
        cv::cvtColor(item.thumbnail, source, cv::COLOR_GRAY2BGR);
        source.copyTo(sheet(cv::Rect(at, source.size())));
        cv::Mat seen, big;
        cv::resize(item.input.image, big, cv::Size(kThumb, kThumb), 0, 0, cv::INTER_NEAREST);
        cv::cvtColor(big, seen, cv::COLOR_GRAY2BGR);
        seen.copyTo(sheet(cv::Rect(at + cv::Point(kThumb + 4, 0), seen.size())));
        cv::putText(sheet, captionOf(item), at + cv::Point(0, kThumb + 18),
                    cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(20, 20, 180), 1, cv::LINE_AA);
    }
    return sheet;
}

Roc rocOf(const std::vector<const EvalItem*>& digits, const std::vector<const EvalItem*>& others,
          double threshold)
{
    // A refused item scores below everything: no threshold accepts it.
    auto scoreOf = [](const EvalItem* item) {
        return item->verdict.refusal.empty() ? double(item->verdict.score)
                                             : -std::numeric_limits<double>::infinity();
    };
    std::vector<double> pos, neg;
    for (const EvalItem* d : digits)
        pos.push_back(scoreOf(d));
    for (const EvalItem* o : others)
        neg.push_back(scoreOf(o));
    Roc roc;
    roc.auroc = auroc(pos, neg);
    std::vector<double> cuts = pos;
    cuts.insert(cuts.end(), neg.begin(), neg.end());
    std::sort(cuts.begin(), cuts.end(), std::greater<>());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    auto above = [](const std::vector<double>& v, double t) {
        return share(static_cast<std::size_t>(
                         std::count_if(v.begin(), v.end(), [t](double x) { return x > t; })),
                     v.size());
    };
    roc.curve.emplace_back(0, 0);
    for (double t : cuts)
        roc.curve.emplace_back(above(neg, t - 1e-12 * std::max(1.0, std::fabs(t))),
                               above(pos, t - 1e-12 * std::max(1.0, std::fabs(t))));
    roc.curve.emplace_back(1, 1);
    roc.at = {above(neg, threshold), above(pos, threshold)};
    return roc;
}

std::string submissionCsv(const std::vector<Verdict>& verdicts)
{
    std::string out = "ImageId,Label\n";
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        out += std::to_string(i + 1) + "," + std::to_string(verdicts[i].digit) + "\n";
    return out;
}

} // namespace dwn
