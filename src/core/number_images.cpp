#include "dwn/number_images.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "dwn/error.h"

namespace dwn {
namespace {

const int kMaxDigits = 12;
const double kMinScale = 1.0, kMaxScale = 3.0; // output pixels per MNIST pixel
const double kHeightJitter = 0.15;             // each digit's height varies by up to this share
const double kBaselineJitter = 0.08;           // and its baseline by this share of the height
const double kMaxSlant = 0.25;                 // shear of the whole number
const double kMinGap = 0.08, kMaxGap = 0.5;    // gaps, in digit heights
const double kMaxOverlap = 0.3;                // touching pairs overlap up to this share
const double kTouchShare = 0.35;               // of the pairs of a touching number
const double kMargin = 0.4;                    // paper around the number, in digit heights

struct Placed {
    cv::Mat ink; // bright on 0
    int x = 0, y = 0;
};

} // namespace

cv::Mat slantedDigit(const cv::Mat& digit, double height, double slant)
{
    const cv::Rect box = cv::boundingRect(digit);
    const cv::Mat crop = box.empty() ? digit : digit(box);
    const double f = height / crop.rows;
    cv::Mat scaled;
    cv::resize(crop, scaled, cv::Size(), f, f, cv::INTER_LINEAR);
    const int extra = static_cast<int>(std::ceil(std::abs(slant) * scaled.rows));
    const cv::Matx23d shear(1, -slant, slant > 0 ? slant * scaled.rows : 0, 0, 1, 0);
    cv::Mat slanted;
    cv::warpAffine(scaled, slanted, shear, cv::Size(scaled.cols + extra, scaled.rows),
                   cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    const cv::Rect kept = cv::boundingRect(slanted);
    return kept.empty() ? slanted : slanted(kept).clone();
}

cv::Mat digitOnPage(const cv::Mat& digit, double height, double slant)
{
    const int margin = static_cast<int>(kMargin * height);
    cv::Mat page;
    cv::copyMakeBorder(slantedDigit(digit, height, slant), page, margin, margin, margin, margin,
                       cv::BORDER_CONSTANT, 0);
    return 255 - page;
}

NumberImage makeNumberImage(const DigitImages& digits, const NumberStyle& style, std::mt19937& rng)
{
    if (digits.size() == 0 || !digits.labelled())
        throw Error("numbers are made from a labelled, non-empty set of digits");
    if (style.minDigits < 1 || style.minDigits > style.maxDigits || style.maxDigits > kMaxDigits)
        throw Error("a number has 1 to " + std::to_string(kMaxDigits) + " digits");
    auto uniform = [&rng](double lo, double hi) {
        return std::uniform_real_distribution<>(lo, hi)(rng);
    };
    const int count = std::uniform_int_distribution<>(style.minDigits, style.maxDigits)(rng);
    std::uniform_int_distribution<std::size_t> pick(0, digits.size() - 1);
    const double height = 20 * uniform(kMinScale, kMaxScale); // MNIST digits are 20 px tall
    const double slant = uniform(-kMaxSlant, kMaxSlant);
    const int touching = style.spacing == Spacing::Touching && count > 1
                             ? std::uniform_int_distribution<>(1, count - 1)(rng)
                             : -1;

    NumberImage out;
    out.digitHeight = height;
    std::vector<Placed> placed;
    const int margin = static_cast<int>(kMargin * height);
    int x = margin;
    for (int k = 0; k < count; ++k) {
        const std::size_t index = pick(rng);
        out.label += static_cast<char>('0' + digits.labels[index]);
        Placed p;
        p.ink = slantedDigit(digits.image(index),
                             height * uniform(1 - kHeightJitter, 1 + kHeightJitter),
                             slant + uniform(-0.05, 0.05));
        if (k > 0) {
            const bool touch = k == touching ||
                               (style.spacing == Spacing::Touching && uniform(0, 1) < kTouchShare);
            const int narrower = std::min(p.ink.cols, placed.back().ink.cols);
            x += static_cast<int>(std::lround(touch ? -uniform(0, kMaxOverlap) * narrower
                                                    : uniform(kMinGap, kMaxGap) * height));
        }
        p.x = x;
        // Bottoms on a jittered baseline.
        p.y = margin +
              static_cast<int>(std::lround(
                  height * (1 + kHeightJitter + uniform(-kBaselineJitter, kBaselineJitter)))) -
              p.ink.rows;
        x += p.ink.cols;
        placed.push_back(std::move(p));
    }
    int bottom = 0;
    for (const Placed& p : placed)
        bottom = std::max(bottom, p.y + p.ink.rows);
    cv::Mat ink = cv::Mat::zeros(bottom + margin, x + margin, CV_8UC1);
    out.owner = cv::Mat::zeros(ink.size(), CV_8UC1);
    for (std::size_t k = 0; k < placed.size(); ++k) {
        const Placed& p = placed[k];
        const cv::Rect box(p.x, std::max(0, p.y), p.ink.cols, p.ink.rows);
        cv::Mat at = ink(box);
        out.owner(box).setTo(cv::Scalar(double(k + 1)), p.ink > at);
        cv::max(at, p.ink, at);
    }
    out.image = 255 - ink;
    return out;
}

} // namespace dwn
