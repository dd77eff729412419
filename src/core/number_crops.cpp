#include "dwn/number_crops.h"

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "dwn/degradations.h"
#include "dwn/error.h"
#include "dwn/number_images.h"
#include "dwn/reading.h"
#include "dwn/segmentation.h"

namespace dwn {
namespace {

const double kWhole = 0.9;  // a crop holds a digit when it holds this share of its ink
const double kStray = 0.1;  // and no more than this of any other digit's
const double kShared = 0.3; // one holding this much of two digits holds a pair
// Misfits narrower than this share of their height are left out: a stem cut off a 4 looks like
// a 1, and readNumber() judges such slices by where they were cut instead.
const double kSlender = 0.35;
// One number in kLookedEvery is written as a scan or photo shows it (lookedNumber()): soft ink,
// which the crop head reads.
const unsigned kLookedEvery = 3;
// Numbers are drawn this many at a time, then cut into crops in parallel.
const std::size_t kBatch = 512;

// Per digit, how many of the pieces' ink pixels it owns among `first..last` (and, with
// first = 0 and last = the end, in all).
std::vector<int> inkOwned(const Pieces& pieces, std::size_t first, std::size_t last,
                          const cv::Mat& owner, std::size_t count)
{
    std::vector<int> owned(count + 1, 0);
    for (std::size_t i = first; i <= last; ++i) {
        const Piece& piece = pieces.pieces[i];
        for (int y = 0; y < piece.ink.rows; ++y) {
            const uchar* ink = piece.ink.ptr<uchar>(y);
            const uchar* who = owner.ptr<uchar>(piece.box.y + y) + piece.box.x;
            for (int x = 0; x < piece.ink.cols; ++x)
                if (ink[x] > 0)
                    ++owned[who[x]];
        }
    }
    return owned;
}

// The digit a crop holds whole (its index in the number), -1 for a misfit (much of two
// digits), -2 for neither (a part of one digit: too like a whole one to be doubted).
int judge(const std::vector<int>& held, const std::vector<int>& total)
{
    int whole = -1, shared = 0;
    for (std::size_t k = 1; k < total.size(); ++k) {
        const double share = total[k] > 0 ? double(held[k]) / total[k] : 0;
        shared += share >= kShared;
        if (share >= kWhole)
            whole = whole == -1 ? int(k) - 1 : -3; // two whole digits: a pair
    }
    for (std::size_t k = 1; whole >= 0 && k < total.size(); ++k)
        if (int(k) - 1 != whole && total[k] > 0 && double(held[k]) / total[k] > kStray)
            whole = -3;
    if (whole >= 0)
        return whole;
    return shared >= 2 ? -1 : -2;
}

// The crops of one number: every candidate readNumber() weighs that holds one whole digit
// (labelled with it), and every misfit no more slender than kSlender.
NumberCrops cropsOf(const NumberImage& number)
{
    NumberCrops out;
    Pieces pieces;
    try {
        pieces = piecesOfImage(number.image);
    } catch (const Error&) {
        return out;
    }
    if (pieces.turn != 0) // turned level: its pieces no longer lie where `owner` says
        return out;
    const std::size_t count = number.label.size();
    const std::vector<int> total =
        inkOwned(pieces, 0, pieces.pieces.size() - 1, number.owner, count);
    for (const Candidate& c : digitCandidates(pieces)) {
        if (!c.input.refusal.empty()) // refused before the network reads it
            continue;
        const int k = judge(inkOwned(pieces, c.first, c.last, number.owner, count), total);
        if (k >= 0)
            out.digits.add(c.input.image,
                           static_cast<std::uint8_t>(number.label[std::size_t(k)] - '0'));
        else if (k == -1 && c.box.width >= kSlender * c.box.height)
            out.misfits.add(c.input.image, 0);
    }
    return out;
}

// Appends the images and labels of `more` to `set`.
void append(DigitImages& set, const DigitImages& more)
{
    set.pixels.insert(set.pixels.end(), more.pixels.begin(), more.pixels.end());
    set.labels.insert(set.labels.end(), more.labels.begin(), more.labels.end());
}

} // namespace

NumberImage lookedNumber(NumberImage number, std::mt19937& rng)
{
    // Every look that leaves each digit's ink where it was and adds no mark beside it: not the
    // desk, which widens the page on one side, the tilted page or the boxes, which move it, nor
    // the underline or the circle, which widen the page and add a mark, nor the highlighter,
    // which was not among the looks when the shipped model's heads learnt.
    static const std::vector<std::string> looks = [] {
        std::vector<std::string> kept;
        std::copy_if(numberLooks().begin(), numberLooks().end(), std::back_inserter(kept),
                     [](const std::string& look) {
                         return look != "desk" && look != "tilted" && look != "boxed" &&
                                look != "underlined" && look != "underlined-touching" &&
                                look != "circled" && look != "highlighted";
                     });
        return kept;
    }();
    const cv::Mat image =
        lookOfNumber(number.image, number.digitHeight, looks[rng() % looks.size()], rng);
    number.digitHeight *= double(image.rows) / number.image.rows;
    cv::resize(number.owner, number.owner, image.size(), 0, 0, cv::INTER_NEAREST);
    number.image = image;
    return number;
}

NumberCrops cropsOfNumbers(const DigitImages& digits, std::size_t numbers, std::uint64_t seed)
{
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
    // The looks draw apart, so that the numbers are those drawn without them.
    std::mt19937 looks(static_cast<std::mt19937::result_type>(seed ^ 0x5bd1e995U));
    NumberCrops out;
    NumberStyle style;
    style.maxDigits = 4;
    for (std::size_t start = 0; start < numbers; start += kBatch) {
        // Drawn in order from the two generators, then cut in parallel, and the crops kept in
        // the numbers' order: the same crops whatever the number of threads.
        std::vector<NumberImage> batch;
        for (std::size_t n = start; n < std::min(numbers, start + kBatch); ++n) {
            style.spacing = n % 3 == 0 ? Spacing::Gaps : Spacing::Touching;
            batch.push_back(makeNumberImage(digits, style, rng));
            if (looks() % kLookedEvery == 0)
                batch.back() = lookedNumber(std::move(batch.back()), looks);
        }
        std::vector<NumberCrops> cut(batch.size());
        cv::parallel_for_(cv::Range(0, static_cast<int>(batch.size())), [&](const cv::Range& r) {
            for (int i = r.start; i < r.end; ++i)
                cut[std::size_t(i)] = cropsOf(batch[std::size_t(i)]);
        });
        for (const NumberCrops& crops : cut) {
            append(out.digits, crops.digits);
            append(out.misfits, crops.misfits);
        }
    }
    out.misfits.labels.clear();
    return out;
}

} // namespace dwn
