#include "dwn/degradations.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "dwn/error.h"
#include "dwn/preprocess.h"

namespace dwn {
namespace {

const int kScale = 4;                    // the digit is drawn 4x MNIST's size…
const int kSide = 28 * kScale;           // …on 112x112 paper
const double kDigitHeight = 20 * kScale; // MNIST's digits are 20 px tall: drawn 80 px tall

double uniform(std::mt19937& rng, double lo, double hi)
{
    return std::uniform_real_distribution<double>(lo, hi)(rng);
}

// The digit's ink as coverage 0..1 at 112 px.
cv::Mat coverageOf(const cv::Mat& digit)
{
    cv::Mat coverage;
    digit.convertTo(coverage, CV_32F, 1.0 / 255);
    cv::resize(coverage, coverage, cv::Size(kSide, kSide), 0, 0, cv::INTER_CUBIC);
    return cv::min(cv::max(coverage, 0.0), 1.0);
}

cv::Mat plainPaper(cv::Size size, double shade)
{
    return cv::Mat(size, CV_32F, cv::Scalar(shade));
}

// Ink of `shade` laid on `paper` where `coverage` says.
cv::Mat inked(const cv::Mat& paper, const cv::Mat& coverage, double shade)
{
    cv::Mat bare = 1.0 - coverage;
    return paper.mul(bare) + coverage * shade;
}

// Paper of `size` and `shade` ruled with lines of `line` shade, `width` px wide, every 18–30 px
// (`squared`: every 14–24 px, both ways), from a random phase.
cv::Mat ruledPaper(cv::Size size, double shade, double line, bool squared, std::mt19937& rng)
{
    cv::Mat paper = plainPaper(size, shade);
    const double period = squared ? uniform(rng, 14, 24) : uniform(rng, 18, 30);
    const int width = uniform(rng, 0, 1) < 0.5 ? 1 : 2;
    for (int axis = 0; axis < (squared ? 2 : 1); ++axis)
        for (double at = uniform(rng, 0, period); at < (axis == 0 ? size.height : size.width);
             at += period) {
            const int p = static_cast<int>(at);
            const cv::Rect band =
                axis == 0 ? cv::Rect(0, p, size.width, width) : cv::Rect(p, 0, width, size.height);
            paper(band & cv::Rect({0, 0}, size)).setTo(line);
        }
    return paper;
}

// Paper of `size` lit unevenly: `shade` at the middle, brighter to one side and darker to the
// other by up to `swing` across its longer side, in a random direction.
cv::Mat unevenPaper(cv::Size size, double shade, double swing, std::mt19937& rng)
{
    const double angle = uniform(rng, 0, 2 * M_PI);
    const double across = std::max(size.width, size.height);
    cv::Mat paper(size, CV_32F);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            paper.at<float>(y, x) = static_cast<float>(
                shade + swing * ((x * std::cos(angle) + y * std::sin(angle)) / across - 0.5));
    return paper;
}

cv::Mat noise(cv::Size size, double sigma, std::mt19937& rng)
{
    cv::Mat n(size, CV_32F);
    cv::RNG generator(rng());
    generator.fill(n, cv::RNG::NORMAL, 0, sigma);
    return n;
}

cv::Mat bytesOf(const cv::Mat& image)
{
    cv::Mat out;
    image.convertTo(out, CV_8U);
    return out;
}

cv::Mat jpegRoundTrip(const cv::Mat& image, int quality)
{
    std::vector<uchar> bytes;
    cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
    return cv::imdecode(bytes, cv::IMREAD_GRAYSCALE);
}

cv::Mat blurred(const cv::Mat& coverage, std::mt19937& rng)
{
    cv::Mat image =
        inked(plainPaper(coverage.size(), uniform(rng, 225, 255)), coverage, uniform(rng, 0, 50));
    const double sigma = uniform(rng, 2.0, 4.5);
    cv::GaussianBlur(image, image, cv::Size(), sigma);
    return bytesOf(image);
}

cv::Mat shrunk(const cv::Mat& coverage, std::mt19937& rng)
{
    const cv::Mat sharp =
        inked(plainPaper(coverage.size(), uniform(rng, 230, 255)), coverage, uniform(rng, 0, 40));
    const double height = uniform(rng, 8, 16); // the digit's own height, in pixels
    const double factor = height / kDigitHeight;
    const cv::Size small(std::max(1, static_cast<int>(std::lround(coverage.cols * factor))),
                         std::max(1, static_cast<int>(std::lround(coverage.rows * factor))));
    cv::Mat tiny;
    cv::resize(sharp, tiny, small, 0, 0, cv::INTER_AREA);
    tiny = bytesOf(tiny);
    if (uniform(rng, 0, 1) < 0.5)
        return tiny;
    cv::Mat enlarged;
    cv::resize(tiny, enlarged, coverage.size(), 0, 0, cv::INTER_LINEAR);
    return enlarged;
}

cv::Mat photographed(const cv::Mat& coverage, std::mt19937& rng)
{
    cv::Mat image =
        inked(unevenPaper(coverage.size(), uniform(rng, 150, 220), uniform(rng, 20, 60), rng),
              coverage, uniform(rng, 20, 70));
    cv::GaussianBlur(image, image, cv::Size(), 0.8);
    image += noise(coverage.size(), uniform(rng, 3, 10), rng);
    return jpegRoundTrip(bytesOf(image), static_cast<int>(uniform(rng, 30, 61)));
}

cv::Mat onRuledPaper(const cv::Mat& coverage, bool squared, std::mt19937& rng)
{
    const cv::Mat paper =
        ruledPaper(coverage.size(), uniform(rng, 235, 252), uniform(rng, 140, 200), squared, rng);
    return bytesOf(inked(paper, coverage, uniform(rng, 0, 60)));
}

cv::Mat pencil(cv::Mat coverage, std::mt19937& rng)
{
    cv::erode(coverage, coverage, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(3, 3)));
    cv::Mat grain(coverage.size(), CV_32F);
    cv::RNG generator(rng());
    generator.fill(grain, cv::RNG::UNIFORM, 0.4, 1.0);
    cv::GaussianBlur(grain, grain, cv::Size(), 0.7);
    cv::Mat image = inked(plainPaper(coverage.size(), uniform(rng, 215, 245)), coverage.mul(grain),
                          uniform(rng, 70, 130));
    return bytesOf(image);
}

cv::Mat marker(cv::Mat coverage, std::mt19937& rng)
{
    const int size = 5 + 2 * static_cast<int>(uniform(rng, 0, 3)); // 5, 7 or 9 px
    cv::dilate(coverage, coverage,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(size, size)));
    cv::GaussianBlur(coverage, coverage, cv::Size(), 1.0);
    return bytesOf(
        inked(plainPaper(coverage.size(), uniform(rng, 235, 255)), coverage, uniform(rng, 0, 40)));
}

// Ink of `coverage` (0..1, digits 80 px tall) as `kind` degrades it.
cv::Mat degradeCoverage(const cv::Mat& coverage, Degradation kind, std::mt19937& rng)
{
    switch (kind) {
    case Degradation::Blurred:
        return blurred(coverage, rng);
    case Degradation::Shrunk:
        return shrunk(coverage, rng);
    case Degradation::Photographed:
        return photographed(coverage, rng);
    case Degradation::Lined:
        return onRuledPaper(coverage, false, rng);
    case Degradation::Squared:
        return onRuledPaper(coverage, true, rng);
    case Degradation::Pencil:
        return pencil(coverage, rng);
    case Degradation::Marker:
        return marker(coverage, rng);
    }
    throw Error("unknown degradation");
}

// The boxes of the digits of a written number (dark ink on white): its connected ink, parts
// that overlap across merged, left to right.
std::vector<cv::Rect> digitBoxesOf(const cv::Mat& image)
{
    cv::Mat labels, stats, centres;
    const int count = cv::connectedComponentsWithStats(image < 128, labels, stats, centres);
    std::vector<cv::Rect> parts;
    for (int i = 1; i < count; ++i)
        parts.emplace_back(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                           stats.at<int>(i, cv::CC_STAT_WIDTH),
                           stats.at<int>(i, cv::CC_STAT_HEIGHT));
    std::sort(parts.begin(), parts.end(),
              [](const cv::Rect& a, const cv::Rect& b) { return a.x < b.x; });
    std::vector<cv::Rect> digits;
    for (const cv::Rect& part : parts)
        if (!digits.empty() && part.x < digits.back().x + digits.back().width)
            digits.back() |= part;
        else
            digits.push_back(part);
    return digits;
}

// A stroke through `points` drawn by hand on `page`: dark ink (0–60) of `pen` pixels,
// antialiased.
void drawByHand(cv::Mat& page, const std::vector<cv::Point2d>& points, double pen,
                std::mt19937& rng)
{
    const int shift = 4; // sub-pixel places
    std::vector<cv::Point> fixed;
    for (const cv::Point2d& p : points)
        fixed.emplace_back(cvRound(p.x * (1 << shift)), cvRound(p.y * (1 << shift)));
    cv::polylines(page, fixed, false, cv::Scalar(uniform(rng, 0, 60)), std::max(1, cvRound(pen)),
                  cv::LINE_AA, shift);
}

// The box of a written number's ink and its pen: the stroke width of its ink. Throws dwn::Error
// for an image that is not 8-bit grey, saying that a number to `mark` ("underline", …) must be.
std::pair<cv::Rect, double> writingOf(const cv::Mat& image, const std::string& mark)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to " + mark + " must be 8-bit grey");
    const cv::Mat ink = image < 128;
    return {cv::boundingRect(ink), penWidth(ink)};
}

} // namespace

const std::vector<Degradation>& allDegradations()
{
    static const std::vector<Degradation> all = {
        Degradation::Blurred, Degradation::Shrunk, Degradation::Photographed, Degradation::Lined,
        Degradation::Squared, Degradation::Pencil, Degradation::Marker};
    return all;
}

std::string nameOf(Degradation kind)
{
    switch (kind) {
    case Degradation::Blurred:
        return "blurred";
    case Degradation::Shrunk:
        return "shrunk";
    case Degradation::Photographed:
        return "photographed";
    case Degradation::Lined:
        return "lined";
    case Degradation::Squared:
        return "squared";
    case Degradation::Pencil:
        return "pencil";
    case Degradation::Marker:
        return "marker";
    }
    return "unknown";
}

cv::Mat degradeDigit(const cv::Mat& digit, Degradation kind, std::mt19937& rng)
{
    if (digit.type() != CV_8UC1 || digit.rows != 28 || digit.cols != 28)
        throw Error("a digit to degrade must be 28x28 8-bit grey");
    return degradeCoverage(coverageOf(digit), kind, rng);
}

cv::Mat degradeNumber(const cv::Mat& image, double digitHeight, Degradation kind, std::mt19937& rng)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to degrade must be 8-bit grey");
    if (!(digitHeight > 0))
        throw Error("a number to degrade needs its digits' height");
    cv::Mat coverage;
    image.convertTo(coverage, CV_32F, -1.0 / 255, 1.0);
    const double f = kDigitHeight / digitHeight;
    cv::resize(coverage, coverage, cv::Size(), f, f, f > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    return degradeCoverage(cv::min(cv::max(coverage, 0.0), 1.0), kind, rng);
}

cv::Mat fadeNumber(const cv::Mat& image, double digitHeight, std::mt19937& rng)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to fade must be 8-bit grey");
    if (!(digitHeight > 0))
        throw Error("a number to fade needs its digits' height");
    const cv::Rect writing = cv::boundingRect(image < 128);
    const double width = writing.width * uniform(rng, 0.25, 0.5);
    const double from = writing.x + uniform(rng, 0, std::max(1.0, writing.width - width));
    const double kept = uniform(rng, 0.22, 0.4), edge = 0.3 * digitHeight;
    cv::Mat contrast(1, image.cols, CV_32F); // the share of its contrast each column keeps
    for (int x = 0; x < image.cols; ++x) {
        const double inside = std::min({1.0, std::max(0.0, (x - from) / edge + 0.5),
                                        std::max(0.0, (from + width - x) / edge + 0.5)});
        contrast.at<float>(x) = static_cast<float>(1 - (1 - kept) * inside);
    }
    cv::Mat ink;
    image.convertTo(ink, CV_32F, -1.0, 255.0);
    ink = ink.mul(cv::repeat(contrast, image.rows, 1));
    cv::Mat out;
    ink.convertTo(out, CV_8U, -1.0, 255.0);
    return out;
}

cv::Mat thresholdNumber(const cv::Mat& image, std::mt19937& rng)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to threshold must be 8-bit grey");
    cv::Mat out;
    cv::threshold(image, out, uniform(rng, 96, 160), 255, cv::THRESH_BINARY);
    return out;
}

cv::Mat tiltNumber(const cv::Mat& image, std::mt19937& rng)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to tilt must be 8-bit grey");
    const double degrees = uniform(rng, 5, 18) * (uniform(rng, 0, 1) < 0.5 ? -1 : 1);
    const cv::Point2f centre(image.cols / 2.0f, image.rows / 2.0f);
    const cv::Rect2f turned =
        cv::RotatedRect(centre, image.size(), float(degrees)).boundingRect2f();
    cv::Mat map = cv::getRotationMatrix2D(centre, degrees, 1.0);
    map.at<double>(0, 2) += turned.width / 2 - centre.x; // the whole page kept, centred
    map.at<double>(1, 2) += turned.height / 2 - centre.y;
    cv::Mat out;
    cv::warpAffine(image, out, map, cv::Size(cvCeil(turned.width), cvCeil(turned.height)),
                   cv::INTER_LINEAR, cv::BORDER_CONSTANT, 255);
    return out;
}

cv::Mat boxNumber(const cv::Mat& image, std::mt19937& rng)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to write in boxes must be 8-bit grey");
    const std::vector<cv::Rect> digits = digitBoxesOf(image);
    if (digits.empty())
        return image.clone();
    int tallest = 0, widest = 0;
    for (const cv::Rect& d : digits) {
        tallest = std::max(tallest, d.height);
        widest = std::max(widest, d.width);
    }
    const int cell = std::max(widest, static_cast<int>(tallest * uniform(rng, 1.15, 1.4)));
    const int margin = cell / 3, n = static_cast<int>(digits.size());
    cv::Mat form(cell + 2 * margin, n * cell + 2 * margin, CV_8UC1, cv::Scalar(255));
    const double grey = uniform(rng, 0, 140);
    const int wall = static_cast<int>(uniform(rng, 1, 4));
    for (int i = 0; i < n; ++i)
        cv::rectangle(form, cv::Rect(margin + i * cell, margin, cell + 1, cell + 1),
                      cv::Scalar(grey), wall);
    const int play = std::max(1, cell / 12); // how far a digit strays from its cell's middle
    for (int i = 0; i < n; ++i) {
        const cv::Rect& d = digits[std::size_t(i)];
        const cv::Point at(
            margin + i * cell + (cell - d.width) / 2 + static_cast<int>(uniform(rng, -play, play)),
            margin + (cell - d.height) / 2 + static_cast<int>(uniform(rng, -play, play)));
        const cv::Rect place = cv::Rect(at, d.size()) & cv::Rect(0, 0, form.cols, form.rows);
        cv::Mat target = form(place);
        cv::min(target, image(cv::Rect(d.tl(), place.size())), target);
    }
    return form;
}

cv::Mat underlineNumber(const cv::Mat& image, std::mt19937& rng, Underline place)
{
    const auto [box, inkPen] = writingOf(image, "underline");
    if (box.empty())
        return image.clone();
    const double pen = inkPen * uniform(rng, 0.6, 1.2);
    const bool touching = place == Underline::Touching;
    const double gap =
        touching ? -pen * uniform(rng, 0.3, 1.2) : box.height * uniform(rng, 0.1, 0.4);
    const int lines = !touching && uniform(rng, 0, 1) < 0.2 ? 2 : 1;
    const double apart = std::max(3 * pen, box.height * 0.12);
    cv::Mat page;
    const int below =
        std::max(0, cvCeil(box.y + box.height + gap + lines * apart + 0.1 * box.width + 5 * pen) -
                        image.rows);
    cv::copyMakeBorder(image, page, 0, below, 0, 0, cv::BORDER_REPLICATE);
    for (int line = 0; line < lines; ++line) {
        const double from = box.x + box.width * uniform(rng, -0.1, 0.1);
        const double to = box.x + box.width * uniform(rng, 0.9, 1.1);
        const double rise = (to - from) * uniform(rng, -0.03, 0.03);
        const double sag = pen * uniform(rng, -1, 1);
        // The line's highest point `gap` below the ink (above it where `gap` is negative).
        const double y = box.y + box.height + gap + pen / 2 + std::max(0.0, -rise) +
                         std::max(0.0, -sag) + line * apart;
        std::vector<cv::Point2d> points;
        for (int k = 0; k <= 20; ++k) {
            const double t = k / 20.0;
            points.emplace_back(from + t * (to - from), y + t * rise + 4 * sag * t * (1 - t));
        }
        drawByHand(page, points, pen, rng);
    }
    return page;
}

cv::Mat circleNumber(const cv::Mat& image, std::mt19937& rng)
{
    const auto [box, inkPen] = writingOf(image, "circle");
    if (box.empty())
        return image.clone();
    const double pen = inkPen * uniform(rng, 0.6, 1.2);
    const double turn = uniform(rng, -5, 5) * M_PI / 180;
    const double wobble = uniform(rng, 0, 0.04), phase = uniform(rng, 0, 2 * M_PI);
    // The ink's half extents in the ellipse's own (turned) frame; the ellipse's inner edge wide
    // enough, and tall enough that the corners of those extents lie inside it.
    const double c = std::cos(turn), s = std::abs(std::sin(turn));
    const double hx = box.width / 2.0 * c + box.height / 2.0 * s;
    const double hy = box.width / 2.0 * s + box.height / 2.0 * c;
    const double innerA = hx * uniform(rng, 1.1, 1.35);
    const double innerB =
        hy / std::sqrt(1 - (hx / innerA) * (hx / innerA)) * uniform(rng, 1.0, 1.15);
    const double a = (innerA + pen) / (1 - wobble), b = (innerB + pen) / (1 - wobble);
    const double reachX = std::hypot(a * c, b * s), reachY = std::hypot(a * s, b * c);
    const int marginX = std::max(0, cvCeil(reachX * (1 + wobble) + 3 * pen - box.width / 2.0));
    const int marginY = std::max(0, cvCeil(reachY * (1 + wobble) + 3 * pen - box.height / 2.0));
    cv::Mat page;
    cv::copyMakeBorder(image, page, marginY, marginY, marginX, marginX, cv::BORDER_REPLICATE);
    const cv::Point2d centre(marginX + box.x + box.width / 2.0, marginY + box.y + box.height / 2.0);
    const double start = uniform(rng, 0, 2 * M_PI);
    const double sweep = uniform(rng, 0.92, 1.1) * 2 * M_PI; // a gap, or overdrawn
    std::vector<cv::Point2d> points;
    for (int k = 0; k <= 72; ++k) {
        const double t = start + sweep * k / 72;
        const double r = 1 + wobble * std::sin(2 * t + phase);
        const double x = a * r * std::cos(t), y = b * r * std::sin(t);
        points.emplace_back(centre.x + x * c - y * std::sin(turn),
                            centre.y + x * std::sin(turn) + y * c);
    }
    drawByHand(page, points, pen, rng);
    return page;
}

cv::Mat highlightNumber(const cv::Mat& image, std::mt19937& rng)
{
    const auto [box, inkPen] = writingOf(image, "highlight");
    if (box.empty())
        return image.clone();
    // The band: from a little before the ink to a little after it, 1.0–1.5 times its height,
    // its middle near the ink's, its ends and edges as a chisel tip's, slightly slanted.
    const double height = box.height * uniform(rng, 1.0, 1.5);
    const double from = box.x - box.width * uniform(rng, 0.0, 0.08);
    const double to = box.x + box.width * uniform(rng, 1.0, 1.08);
    const double middle = box.y + box.height / 2.0 + box.height * uniform(rng, -0.1, 0.1);
    const double rise = (to - from) * uniform(rng, -0.03, 0.03);
    const double y0 = middle - height / 2 - rise / 2;
    std::vector<cv::Point> corners = {{cvRound(from), cvRound(y0)},
                                      {cvRound(to), cvRound(y0 + rise)},
                                      {cvRound(to + height * 0.15), cvRound(y0 + rise + height)},
                                      {cvRound(from + height * 0.15), cvRound(y0 + height)}};
    cv::Mat band = cv::Mat::zeros(image.size(), CV_32F);
    cv::fillConvexPoly(band, corners, cv::Scalar(1), cv::LINE_AA);
    cv::GaussianBlur(band, band, cv::Size(), uniform(rng, 0.7, 2.0));
    // Yellow to pink as grey: the paper under the band keeps 70–92% of its light.
    const double light = uniform(rng, 0.7, 0.92);
    cv::Mat page;
    image.convertTo(page, CV_32F);
    page = page.mul(1 - band * (1 - light));
    page += noise(image.size(), uniform(rng, 1, 4), rng);
    return jpegRoundTrip(bytesOf(page), static_cast<int>(uniform(rng, 60, 91)));
}

cv::Mat lampLight(cv::Size size, Falloff falloff, double edge)
{
    const double angle = std::acos(std::sqrt(std::sqrt(edge))); // cos^4 of it is `edge`
    cv::Mat light(size, CV_32F);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const double dx = 2.0 * x / size.width - 1, dy = 2.0 * y / size.height - 1;
            const double r2 = (dx * dx + dy * dy) / 2; // 1 in the corners
            const double c = std::cos(angle * std::sqrt(r2));
            light.at<float>(y, x) =
                static_cast<float>(falloff == Falloff::Lens ? c * c * c * c : 1 - (1 - edge) * r2);
        }
    return light;
}

cv::Mat lampNumber(const cv::Mat& image, std::mt19937& rng)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to light must be 8-bit grey");
    const Falloff falloff = uniform(rng, 0, 1) < 0.5 ? Falloff::Lens : Falloff::Quadratic;
    cv::Mat lit;
    image.convertTo(lit, CV_32F);
    lit = lit.mul(lampLight(image.size(), falloff, uniform(rng, 0.45, 0.65)));
    lit += noise(image.size(), uniform(rng, 4, 10), rng);
    return jpegRoundTrip(bytesOf(lit), static_cast<int>(uniform(rng, 40, 71)));
}

cv::Mat deskNumber(const cv::Mat& image, std::mt19937& rng)
{
    if (image.type() != CV_8UC1 || image.empty())
        throw Error("a number to photograph on a desk must be 8-bit grey");
    const int side = static_cast<int>(uniform(rng, 0, 4)); // left, right, top, bottom
    const bool across = side < 2;                          // the edge runs down the photo
    const int band =
        std::max(3, static_cast<int>(uniform(rng, 0.05, 0.3) * (across ? image.cols : image.rows)));
    cv::Mat page;
    cv::copyMakeBorder(image, page, side == 2 ? band : 0, side == 3 ? band : 0,
                       side == 0 ? band : 0, side == 1 ? band : 0, cv::BORDER_REPLICATE);
    // The page's edge lies at 70–100% of the band's depth, slanting from one end to the other.
    const double from = uniform(rng, 0.7, 1.0), to = uniform(rng, 0.7, 1.0);
    cv::Mat desk(page.size(), CV_32F, cv::Scalar(0));
    for (int y = 0; y < page.rows; ++y)
        for (int x = 0; x < page.cols; ++x) {
            const double along = across ? double(y) / page.rows : double(x) / page.cols;
            const int depth = side == 0   ? x
                              : side == 1 ? page.cols - 1 - x
                              : side == 2 ? y
                                          : page.rows - 1 - y;
            desk.at<float>(y, x) = depth < band * (from + (to - from) * along) ? 1.0f : 0.0f;
        }
    cv::GaussianBlur(desk, desk, cv::Size(), uniform(rng, 0.5, 2.0));
    cv::Mat photo;
    page.convertTo(photo, CV_32F);
    const cv::Mat surface = uniform(rng, 15, 140) + noise(page.size(), uniform(rng, 2, 10), rng);
    photo = photo.mul(1 - desk) + surface.mul(desk);
    photo += noise(page.size(), uniform(rng, 2, 6), rng);
    return jpegRoundTrip(bytesOf(photo), static_cast<int>(uniform(rng, 50, 91)));
}

std::vector<DegradedDigit> degradeDigits(const DigitImages& digits, int count, unsigned seed)
{
    if (digits.size() == 0 || !digits.labelled())
        throw Error("no labelled digits to degrade");
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, digits.size() - 1);
    std::vector<DegradedDigit> out;
    for (const Degradation kind : allDegradations())
        for (int n = 0; n < count; ++n) {
            const std::size_t i = pick(rng);
            out.push_back({kind, digits.labels[i], degradeDigit(digits.image(i), kind, rng)});
        }
    return out;
}

const std::vector<std::string>& numberLooks()
{
    static const std::vector<std::string> looks = [] {
        std::vector<std::string> names;
        for (const Degradation kind : allDegradations())
            names.push_back(nameOf(kind));
        for (const char* name : {"faded", "thresholded", "lamp", "desk", "tilted", "boxed",
                                 "underlined", "underlined-touching", "circled", "highlighted"})
            names.emplace_back(name);
        return names;
    }();
    return looks;
}

cv::Mat lookOfNumber(const cv::Mat& image, double digitHeight, const std::string& look,
                     std::mt19937& rng)
{
    if (look == "faded")
        return fadeNumber(image, digitHeight, rng);
    if (look == "thresholded")
        return thresholdNumber(image, rng);
    if (look == "lamp")
        return lampNumber(image, rng);
    if (look == "desk")
        return deskNumber(image, rng);
    if (look == "tilted")
        return tiltNumber(image, rng);
    if (look == "boxed")
        return boxNumber(image, rng);
    if (look == "underlined")
        return underlineNumber(image, rng);
    if (look == "underlined-touching")
        return underlineNumber(image, rng, Underline::Touching);
    if (look == "circled")
        return circleNumber(image, rng);
    if (look == "highlighted")
        return highlightNumber(image, rng);
    for (const Degradation kind : allDegradations())
        if (nameOf(kind) == look)
            return degradeNumber(image, digitHeight, kind, rng);
    throw Error("unknown look '" + look + "'");
}

} // namespace dwn
