#include "dwn/number_eval.h"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "dwn/error.h"
#include "dwn/image_io.h"
#include "files.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;
using detail::share;

const int kTileWidth = 320, kTileHeight = 110; // gallery tiles: the picture, then a caption
const int kColumns = 3;

std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::size_t digitCount(const std::string& text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

bool isRight(const NumberItem& item)
{
    return item.reading.number == item.label;
}

} // namespace

std::optional<std::string> numberLabelOf(const fs::path& file)
{
    static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?)");
    const std::string stem = file.stem().string();
    const std::string label = stem.substr(0, stem.find('_'));
    if (std::regex_match(label, number))
        return label;
    return std::nullopt;
}

NumberSet loadNumberFolder(const fs::path& dir, const Progress& progress)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error("'" + dir.string() + "' is not a folder of number images");
    NumberSet set;
    const std::vector<fs::path> files = detail::filesBelow(dir);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string name = detail::relativeName(files[i], dir);
        if (const auto label = numberLabelOf(files[i])) {
            try {
                set.items.push_back({name, *label, readImage(files[i]), {}});
            } catch (const Error& e) {
                set.skipped.push_back({name, e.what()});
            }
        } else {
            set.skipped.push_back({name, "its name states no number (as 2026.png, -3.5_2.png)"});
        }
        if (progress)
            progress(i + 1, files.size());
    }
    return set;
}

void readAll(const Classifier& classifier, NumberSet& set, const Progress& progress)
{
    for (std::size_t i = 0; i < set.items.size(); ++i) {
        NumberItem& item = set.items[i];
        try {
            item.reading = readNumber(classifier, piecesOfImage(item.image));
        } catch (const Error& e) {
            item.reading = Reading{};
            item.reading.refusal = e.what();
        }
        if (progress)
            progress(i + 1, set.items.size());
    }
}

NumberSummary summariseNumbers(const NumberSet& set)
{
    NumberSummary s;
    s.images = set.items.size();
    s.skipped = set.skipped.size();
    std::size_t right = 0, rightAccepted = 0, edits = 0, length = 0;
    for (const NumberItem& item : set.items) {
        right += isRight(item);
        rightAccepted += isRight(item) && item.reading.accepted;
        edits += std::min(editDistance(item.label, item.reading.number), item.label.size());
        length += item.label.size();
        const std::size_t found = item.reading.digits().size(), expected = digitCount(item.label);
        (found < expected ? s.tooFew : found > expected ? s.tooMany : s.rightCount) += 1;
    }
    s.stringAccuracy = share(right, s.images);
    s.rightAndAccepted = share(rightAccepted, s.images);
    s.digitAccuracy = length ? 1 - double(edits) / double(length) : 0;
    return s;
}

std::string numbersCsv(const NumberSet& set)
{
    std::string csv = "file,label,read,accepted,digits_expected,digits_found,right,refusal\n";
    for (const NumberItem& item : set.items)
        csv += detail::quoted(item.name) + "," + item.label + "," + item.reading.number + "," +
               (item.reading.accepted ? "+" : "-") + "," + std::to_string(digitCount(item.label)) +
               "," + std::to_string(item.reading.digits().size()) + "," +
               (isRight(item) ? "+" : "-") + "," + detail::quoted(item.reading.refusal) + "\n";
    return csv;
}

std::string numberSummaryJson(const NumberSet& set, const NumberSummary& s)
{
    nlohmann::json j = {
        {"set", "numbers"},
        {"images", s.images},
        {"skipped_count", s.skipped},
        {"string_accuracy", s.stringAccuracy},
        {"right_and_accepted", s.rightAndAccepted},
        {"digit_accuracy", s.digitAccuracy},
        {"digit_count", {{"too_few", s.tooFew}, {"right", s.rightCount}, {"too_many", s.tooMany}}}};
    nlohmann::json skipped = nlohmann::json::array();
    for (const Skipped& k : set.skipped)
        skipped.push_back({{"file", k.name}, {"reason", k.reason}});
    j["skipped"] = skipped;
    return j.dump(2) + "\n";
}

AsNumbers readAsNumbers(const Classifier& classifier, const EvalSet& set)
{
    AsNumbers counts;
    for (const EvalItem& item : set.items) {
        AsNumbers::Row row;
        row.name = item.name;
        if (item.pieces.pieces.empty() && item.unsplit.empty())
            throw Error("'" + item.name + "' was not split into pieces when its set was loaded");
        row.refusal = item.unsplit;
        if (!item.pieces.pieces.empty()) {
            const Reading reading = readNumber(classifier, item.pieces);
            row.read = reading.number;
            row.accepted = reading.accepted;
            row.refusal = reading.refusal;
        }
        if (item.digit && item.label >= 0) {
            row.label = std::to_string(item.label);
            row.right = row.accepted && row.read == row.label;
            ++counts.digits;
            counts.digitsRight += row.right;
        } else if (!item.digit) {
            row.label = "not a number";
            row.right = !row.accepted;
            ++counts.others;
            counts.othersRejected += row.right;
        }
        counts.rows.push_back(std::move(row));
    }
    return counts;
}

std::string asNumbersCsv(const AsNumbers& numbers)
{
    std::string csv = "file,label,read,accepted,right,refusal\n";
    for (const AsNumbers::Row& r : numbers.rows)
        csv += detail::quoted(r.name) + "," + detail::quoted(r.label) + "," +
               detail::quoted(r.read) + "," + (r.accepted ? "+" : "-") + "," +
               (r.right ? "+" : "-") + "," + detail::quoted(r.refusal) + "\n";
    return csv;
}

cv::Mat drawReading(const cv::Mat& image, const Reading& reading)
{
    cv::Mat picture;
    cv::cvtColor(inkOnPaper(image), picture, cv::COLOR_GRAY2BGR);
    const int line = std::max(1, std::max(picture.cols, picture.rows) / 300);
    for (const Symbol& s : reading.symbols) {
        const bool good = s.kind == SymbolKind::Minus || s.kind == SymbolKind::Point ||
                          (s.kind == SymbolKind::Digit && s.verdict.accepted);
        const cv::Scalar colour = good ? cv::Scalar(40, 160, 40) : cv::Scalar(30, 30, 220);
        cv::rectangle(picture, s.box, colour, line);
    }
    return picture;
}

cv::Mat numberErrorGallery(const NumberSet& set, std::size_t limit)
{
    std::vector<const NumberItem*> wrong;
    for (const NumberItem& item : set.items)
        if ((!isRight(item) || !item.reading.accepted) && wrong.size() < limit)
            wrong.push_back(&item);
    if (wrong.empty())
        return {};
    const int rows = static_cast<int>((wrong.size() + kColumns - 1) / kColumns);
    cv::Mat sheet(rows * kTileHeight, kColumns * kTileWidth, CV_8UC3, cv::Scalar(245, 245, 245));
    for (std::size_t i = 0; i < wrong.size(); ++i) {
        const NumberItem& item = *wrong[i];
        const cv::Point at(static_cast<int>(i % kColumns) * kTileWidth + 4,
                           static_cast<int>(i / kColumns) * kTileHeight + 4);
        const cv::Mat picture = drawReading(item.image, item.reading);
        const double f = std::min(double(kTileWidth - 8) / picture.cols,
                                  double(kTileHeight - 30) / picture.rows);
        cv::Mat fitted;
        cv::resize(picture, fitted, cv::Size(), f, f, f < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        fitted.copyTo(sheet(cv::Rect(at, fitted.size())));
        const std::string read = item.reading.number.empty() ? "nothing" : item.reading.number;
        cv::putText(sheet, item.label + " -> " + read + (item.reading.accepted ? "" : " (doubted)"),
                    at + cv::Point(0, kTileHeight - 12), cv::FONT_HERSHEY_SIMPLEX, 0.5,
                    cv::Scalar(20, 20, 180), 1, cv::LINE_AA);
    }
    return sheet;
}

} // namespace dwn
