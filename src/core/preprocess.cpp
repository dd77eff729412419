#include "dwn/preprocess.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "dwn/error.h"
#include "masks.h"
#include "thinning.h"

namespace dwn {
namespace {

const int kSide = 28;            // MNIST images are 28x28
const double kCentre = 13.5;     // the centre of the 28x28 field, in pixel-index coordinates
const double kExtent = 17.5;     // the re-drawn strokes span this; resampling spreads them to 20x20
const int kWork = 48;            // longest side of the ink box at the working resolution
const double kPenRadius = 1.1;   // about half MNIST's median stroke width (2.69 px by strokeWidth)
const double kSpeckCover = 0.12; // working pixels less covered than this are noise
const double kFilled = 0.5;      // a drawing with more of the image's area in ink is no digit,
const double kFilledThick = 0.2; // when that ink is this share of its longest side thick
const double kBlot = 1.4;        // nor one hardly longer than thick: less than this many times
const int kMinSpan = 6;          // nor one whose ink spans fewer source pixels than this
const int kBox = 20;             // soft ink is fitted into a 20x20 box, as MNIST's digits are
const double kFinePen = 0.75;    // and its strokes widened where thinner than this there
const double kFaintInk = 0.1;    // ink pixels: above this share of the strongest
const double kStrongInk = 0.9;   // mid-grey ones: below this share
const double kSoftShare = 0.45;  // soft ink has more mid-grey pixels than this share
const double kBinaryLow = 0.3;   // binary ink has fewer pixels between this share of the strongest
const double kBinaryHigh = 0.7;  // and this than
const double kBinaryEdge = 0.01; // this share of its outline's (a JPEG's ringing stays outside)
const float kEvenLight = 12;     // paper whose shade varies less than this is evenly lit
const int kSheetSide = 32;       // a photo of a sheet on a desk is at least this large,
const double kSheetShare = 0.25; // the sheet at least this share of it,
const double kSheetWriting = 0.002;  // with at least this share of it written on,
const double kSheetInk = 0.2;        // and at most this; its outline has at most
const std::size_t kSheetCorners = 6; // this many corners, its edges straight to within
const double kSheetStraight = 0.02;  // this share of its length, it fills this share of its
const double kSheetSolid = 0.9;      // convex hull (a light 4 on black does not), the shade
const double kSheetEdge = 0.8;       // stepping across its edges by this share of the sheet's
                                     // paper against the desk
const double kMarkerPen = 0.18;      // a pen thicker than this share of the writing's height
const double kScannedPen = 0.09;     // a pen in binary ink thicker than this share of it
const double kShadeSide = 512;       // a shadow's edge is found at most this many pixels across,
const double kShadowFit = 0.15;      // where the shade under it leaves at most this share of the
                                     // border's difference from flat paper unexplained
const double kShadowDepth = 0.7;     // and takes at most this share of the image's range away
// A highlighter's band or a stain (takeOffPlateaus()): shade that a square of kPlateauSide of the
// image's smaller side fits in, under kPlateauShare of the strongest ink, over kPlateauArea of
// an image at least kPlateauImage pixels on a side, found on a copy at most kPlateauSample on
// that side.
const double kPlateauSide = 0.25;
const double kPlateauShare = 0.6;
const double kPlateauArea = 0.1;
const int kPlateauImage = 32;
const int kPlateauSample = 64;
const double kPaperEnd = 0.2; // paper lies within this share of the range from one of its ends
const int kPaperRounds = 3;   // fits of the paper's shade, each without the outliers of the last
const int kPaperCells = 8;    // the paper's shade is measured in 8x8 cells…
const double kPaperShare =
    1.0 / 6;                     // …as the shade a sixth of the cell is further from the ink than
const float kPaperTolerance = 6; // pixels this near the fitted shade count as paper, at least
const double kLightDepth = 0.9;  // light found from the cells takes at most this of the range
const int kCellsSide = 64;       // cells tell paper from ink in images this large (28x28: 3 px)
const double kInkTail = 0.02;    // ink is told from paper by this share of a cell's pixels,
const double kLightPull = 1.5;   // dark ink pulls them this many times further than light ink,
const double kDarkPull = 3;      // light ink this many times further than dark ink
const uchar kLineInk = 8;        // a printed line's ink is at least this…
const double kLineShare = 0.6;   // …and weaker than this share of the strongest ink,
const double kLineEven = 0.7;    // …and even along it: its faintest twentieth this share of it,
const double kLineThickness = 0.04; // …in a band at most this share of the image thick
const int kLineSamples = 16;        // pixels of a row looked at before it is measured
const std::size_t kCombWalls = 3;   // a row of boxes has its two ends and a wall between at least,
const double kCombSlack = 0.1;      // its boxes as wide as each other, give or take this share

cv::Mat to8Bit(const cv::Mat& image)
{
    switch (image.depth()) {
    case CV_8U:
        return image;
    case CV_16U: {
        cv::Mat out;
        image.convertTo(out, CV_8U, 1.0 / 257);
        return out;
    }
    default:
        throw Error("unsupported pixel type: only 8-bit and 16-bit images can be read");
    }
}

// Where `at` (a pixel index, or a fractional one) of `size` pixels lies from -1 to 1, taking
// each pixel at its centre: the coordinates of the paper's surface.
float unit(float at, int size)
{
    return 2 * (at + 0.5f) / float(size) - 1;
}

// Calls visit(x, y) for each pixel on the border of an image of `size`, once each.
template <typename Visit> void forEachBorderPixel(cv::Size size, Visit visit)
{
    for (int x = 0; x < size.width; ++x) {
        visit(x, 0);
        visit(x, size.height - 1);
    }
    for (int y = 1; y + 1 < size.height; ++y) {
        visit(0, y);
        visit(size.width - 1, y);
    }
}

// The darkest and lightest greys on the image's border.
cv::Vec2i borderRange(const cv::Mat& gray)
{
    int lo = 255, hi = 0;
    forEachBorderPixel(gray.size(), [&](int x, int y) {
        lo = std::min<int>(lo, gray.at<uchar>(y, x));
        hi = std::max<int>(hi, gray.at<uchar>(y, x));
    });
    return {lo, hi};
}

// The pixels on the image's border, as (x, y, grey), x and y from -1 to 1.
std::vector<cv::Vec3f> borderOf(const cv::Mat& gray)
{
    std::vector<cv::Vec3f> border;
    border.reserve(2 * std::size_t(gray.rows + gray.cols));
    forEachBorderPixel(gray.size(), [&](int x, int y) {
        border.push_back(
            {unit(float(x), gray.cols), unit(float(y), gray.rows), float(gray.at<uchar>(y, x))});
    });
    return border;
}

float medianOf(std::vector<float> values)
{
    auto middle = values.begin() + std::ptrdiff_t(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

// How many pixels of each grey a row or column of the image holds.
using Greys = std::array<int, 256>;

// The greys of one side of the image (0 top, 1 bottom, 2 left, 3 right), `depth` pixels in.
Greys sideOf(const cv::Mat& gray, int side, int depth)
{
    // Four histograms filled in turn: along paper of one shade, a single one would wait for its
    // last count at every pixel.
    std::array<Greys, 4> part{};
    if (side < 2) {
        const uchar* row = gray.ptr<uchar>(side == 0 ? depth : gray.rows - 1 - depth);
        for (int x = 0; x < gray.cols; ++x)
            ++part[x & 3][row[x]];
    } else {
        const int x = side == 2 ? depth : gray.cols - 1 - depth;
        for (int y = 0; y < gray.rows; ++y)
            ++part[y & 3][gray.ptr<uchar>(y)[x]];
    }
    Greys greys{};
    for (std::size_t v = 0; v < greys.size(); ++v)
        greys[v] = part[0][v] + part[1][v] + part[2][v] + part[3][v];
    return greys;
}

// The grey that more than half of the counted pixels are at most.
uchar medianOf(const Greys& greys)
{
    int count = 0;
    for (int n : greys)
        count += n;
    int below = 0;
    for (std::size_t v = 0; v < greys.size(); ++v) {
        below += greys[v];
        if (2 * below > count)
            return static_cast<uchar>(v);
    }
    return 255;
}

// Which of a side's rows (0: its outermost, 1 and 2 further in) shows the paper, given the
// shades of every side's rows and the image's darkest and lightest pixels: the outermost,
// unless it is a printed line along the edge. Then the three differ by no more than a printed
// line differs from paper (kLineShare of the image's range), and the middle shade of the three
// is paper: the shade of another side's outermost row, and at an end of the image's range, with
// the line between it and the ink (a page's lines and ink all lie to one side of its paper).
std::size_t paperRow(const uchar (&shade)[4][3], int side, double darkest, double lightest)
{
    const uchar* own = shade[side];
    std::size_t order[3] = {0, 1, 2};
    std::sort(order, order + 3, [own](std::size_t a, std::size_t b) { return own[a] < own[b]; });
    const double range = lightest - darkest;
    const int spread = own[order[2]] - own[order[0]];
    if (spread <= kEvenLight || spread > kLineShare * range)
        return 0;
    const double paper = own[order[1]];
    const bool darkPaper = paper - darkest < lightest - paper;
    if (std::min(paper - darkest, lightest - paper) > kPaperEnd * range ||
        (own[0] > paper) != darkPaper)
        return 0;
    for (int other = 0; other < 4; ++other)
        if (other != side && std::abs(shade[other][0] - paper) <= kEvenLight)
            return order[1];
    return 0;
}

// The paper's shade where the light is even: the median of the border, each side's pixels
// taken from the row paperRow() picks among it and two rows further in, each deeper than a
// printed line is thick (a page cut along its paper's lines has lines for its top row and left
// column: half its border).
uchar flatPaper(const cv::Mat& gray)
{
    const int depth =
        std::max(3, static_cast<int>(kLineThickness * std::max(gray.rows, gray.cols))) + 1;
    const int deepest = 4 * depth < std::min(gray.rows, gray.cols) ? 2 : 0;
    Greys rows[4][3];
    uchar shade[4][3] = {};
    bool differ = false; // whether any side's rows differ in shade (paperRow()'s first test)
    for (int side = 0; side < 4; ++side) {
        for (int k = 0; k <= deepest; ++k) {
            rows[side][k] = sideOf(gray, side, k * depth);
            shade[side][k] = medianOf(rows[side][k]);
        }
        const auto [lo, hi] = std::minmax_element(shade[side], shade[side] + deepest + 1);
        differ = differ || *hi - *lo > kEvenLight;
    }
    // The image's range, which paperRow() needs only then.
    double darkest = 0, lightest = 0;
    if (differ)
        cv::minMaxLoc(gray, &darkest, &lightest);
    Greys border{};
    for (int side = 0; side < 4; ++side) {
        const Greys& row = rows[side][deepest > 0 ? paperRow(shade, side, darkest, lightest) : 0];
        for (std::size_t v = 0; v < border.size(); ++v)
            border[v] += row[v];
    }
    return medianOf(border);
}

// The six terms of a quadratic surface at (x, y).
cv::Matx<float, 1, 6> quadraticTerms(float x, float y)
{
    return {1, x, y, x * x, y * y, x * y};
}

// The paper's shade: the border's median where the light is even (a drawing, a scan); the
// shade under a shadow whose edge crosses the page (shadowShade()); else a quadratic surface fitted
// to the paper of kPaperCells x kPaperCells cells (in each, the shade that only a sixth of its
// pixels are further from the ink than), again and again without the cells far from it (those
// inside a thick stroke): a photo lit from one side, or brighter in the middle.
struct Paper {
    uchar flat = 0; // the border's median
    cv::Mat shade;  // CV_32F, the paper's shade at each pixel; empty when the light is even
    // Whether ink is measured as the share of the light it takes away (under a shadow, where
    // the paper is lighter than the ink), rather than as its difference from the paper.
    bool relative = false;
};

// Cell (cx, cy) of the kPaperCells x kPaperCells cells of an image of `size`.
cv::Rect paperCell(cv::Size size, int cx, int cy)
{
    const int x0 = cx * size.width / kPaperCells, x1 = (cx + 1) * size.width / kPaperCells;
    const int y0 = cy * size.height / kPaperCells, y1 = (cy + 1) * size.height / kPaperCells;
    return {x0, y0, x1 - x0, y1 - y0};
}

// The shade of each cell's paper, at the cell's centre (x, y from -1 to 1); `light` when the
// paper is lighter than the ink.
std::vector<cv::Vec3f> cellPaper(const cv::Mat& gray, bool light)
{
    std::vector<cv::Vec3f> cells;
    std::vector<uchar> pixels;
    for (int cy = 0; cy < kPaperCells; ++cy)
        for (int cx = 0; cx < kPaperCells; ++cx) {
            const cv::Rect cell = paperCell(gray.size(), cx, cy);
            pixels.clear();
            for (int y = cell.y; y < cell.y + cell.height; ++y)
                pixels.insert(pixels.end(), gray.ptr<uchar>(y) + cell.x,
                              gray.ptr<uchar>(y) + cell.x + cell.width);
            const auto at = static_cast<std::ptrdiff_t>(double(pixels.size() - 1) *
                                                        (light ? 1 - kPaperShare : kPaperShare));
            std::nth_element(pixels.begin(), pixels.begin() + at, pixels.end());
            cells.push_back({unit(float(cell.x) + 0.5f * float(cell.width - 1), gray.cols),
                             unit(float(cell.y) + 0.5f * float(cell.height - 1), gray.rows),
                             float(pixels[std::size_t(at)])});
        }
    return cells;
}

// Whether the paper is lighter than the ink, where the light is uneven. On evenly lit paper the
// border is paper and the ink takes the image's mean away from it; a page lit in its middle
// and shaded towards its edges has a border darker than its mean, with dark ink. So the ink's
// side is first looked for in kPaperCells x kPaperCells cells: in each, how much further its
// darkest pixels (kInkTail of them) lie from its median shade than its lightest, or the other
// way round, summed over the cells for each side. The ink, sparse and unlike the paper, pulls
// one side; the light's slope within a cell, and noise, pull both alike and cancel. Where the
// ink fills most of a cell (thick strokes), its median is ink and it pulls the other way: the
// cells decide only when one side pulls kLightPull (dark ink) or kDarkPull (light ink) times as
// far as the other; else the border (`border`, flatPaper()'s) against the mean does.
bool paperIsLight(const cv::Mat& gray, uchar border)
{
    const double kSample = 4096; // pixels a cell is sampled at, at most (a photo's are many more)
    double darker = 0, lighter = 0;
    std::vector<uchar> pixels;
    for (int cy = 0; cy < kPaperCells; ++cy)
        for (int cx = 0; cx < kPaperCells; ++cx) {
            const cv::Rect cell = paperCell(gray.size(), cx, cy);
            const int step = std::max(1, static_cast<int>(std::sqrt(cell.area() / kSample)));
            pixels.clear();
            for (int y = cell.y; y < cell.y + cell.height; y += step)
                for (int x = cell.x; x < cell.x + cell.width; x += step)
                    pixels.push_back(gray.at<uchar>(y, x));
            if (pixels.empty())
                continue;
            const auto at = [&pixels](double share) {
                const auto k = static_cast<std::ptrdiff_t>(share * double(pixels.size() - 1));
                std::nth_element(pixels.begin(), pixels.begin() + k, pixels.end());
                return double(pixels[std::size_t(k)]);
            };
            const double middle = at(0.5), dark = at(kInkTail), light = at(1 - kInkTail);
            // The light's curve within a cell pulls a little too: it is passed over.
            const double pull = (middle - dark) - (light - middle);
            if (std::abs(pull) >= kEvenLight)
                (pull > 0 ? darker : lighter) += std::abs(pull);
        }
    if (darker >= kLightPull * lighter)
        return true;
    if (darker * kDarkPull <= lighter)
        return false;
    return double(border) >= cv::mean(gray)[0];
}

// A quadratic surface fitted to `points` (x, y, value) by least squares, again and again
// without the points far from the last fit.
cv::Matx<float, 6, 1> robustQuadratic(const std::vector<cv::Vec3f>& points, float start)
{
    cv::Matx<float, 6, 1> fit(start, 0, 0, 0, 0, 0);
    float tolerance = 255;
    for (int round = 0; round < kPaperRounds; ++round) {
        cv::Mat a(0, 6, CV_32F), b(0, 1, CV_32F);
        std::vector<float> residuals;
        for (const cv::Vec3f& p : points) {
            const cv::Matx<float, 1, 6> t = quadraticTerms(p[0], p[1]);
            const float residual = std::abs(p[2] - (t * fit)(0));
            if (residual > tolerance)
                continue;
            a.push_back(cv::Mat(t));
            b.push_back(p[2]);
            residuals.push_back(residual);
        }
        if (a.rows < 12)
            break;
        cv::Mat solution;
        cv::solve(a, b, solution, cv::DECOMP_SVD);
        fit = cv::Matx<float, 6, 1>(solution.ptr<float>());
        auto middle = residuals.begin() + std::ptrdiff_t(residuals.size() / 2);
        std::nth_element(residuals.begin(), middle, residuals.end());
        tolerance = std::max(kPaperTolerance, 3 * *middle);
    }
    return fit;
}

// How the cells' paper departs from the quadratic surface `fit`, smoothly (a lamp's bright spot
// is steeper than a quadratic), over an image of `size`: each cell's difference from the surface,
// a cell unlike its neighbours passed over (the median of 3x3 cells: one filled with ink),
// interpolated between the cells' centres.
cv::Mat cellDepartures(const std::vector<cv::Vec3f>& cells, const cv::Matx<float, 6, 1>& fit,
                       cv::Size size)
{
    cv::Mat grid(kPaperCells, kPaperCells, CV_32F);
    for (int i = 0; i < kPaperCells * kPaperCells; ++i) {
        const cv::Vec3f& c = cells[std::size_t(i)];
        grid.at<float>(i / kPaperCells, i % kPaperCells) =
            c[2] - (quadraticTerms(c[0], c[1]) * fit)(0);
    }
    cv::medianBlur(grid, grid, 3);
    cv::Mat departures;
    cv::resize(grid, departures, size, 0, 0, cv::INTER_LINEAR);
    return departures;
}

// Whether the surface `fit` explains the shades of `points` (x, y, shade) much better than one
// shade `flat` does: it misses them by kEvenLight / 3 less, and by at most three quarters as
// much (the medians of the misses).
bool explainsBetter(const std::vector<cv::Vec3f>& points, const cv::Matx<float, 6, 1>& fit,
                    uchar flat)
{
    std::vector<float> flatMiss, fitMiss;
    for (const cv::Vec3f& p : points) {
        flatMiss.push_back(std::abs(p[2] - float(flat)));
        fitMiss.push_back(std::abs(p[2] - (quadraticTerms(p[0], p[1]) * fit)(0)));
    }
    const float fitted = medianOf(fitMiss), even = medianOf(flatMiss);
    return even - fitted >= kEvenLight / 3 && fitted <= 0.75f * even;
}

// The mean difference between the border of `gray` and that of `shade` (CV_8UC1 both), or
// one grey `flat` when `shade` is empty.
double borderMiss(const cv::Mat& gray, const cv::Mat& shade, uchar flat)
{
    double sum = 0;
    int count = 0;
    forEachBorderPixel(gray.size(), [&](int x, int y) {
        sum += std::abs(int(gray.at<uchar>(y, x)) - (shade.empty() ? flat : shade.at<uchar>(y, x)));
        ++count;
    });
    return sum / count;
}

// The paper's shade under a shadow whose edge crosses the page, which no smooth surface
// follows: the image, smoothed against noise, closed (or opened, for light ink on dark paper)
// by a square a third of its shorter side, so that strokes narrower than that are filled
// with the paper around them while the shadow's edge stays where it is. Kept when it explains
// the border's shades much better than `flat` does (on the whole, not by the median: a shadow
// may cover less than half of the border); else empty. Large images are closed at a reduced
// size.
cv::Mat shadowShade(const cv::Mat& gray, bool light, uchar flat)
{
    const double factor = std::min(1.0, kShadeSide / double(std::max(gray.rows, gray.cols)));
    cv::Mat small;
    if (factor < 1)
        cv::resize(gray, small, {}, factor, factor, cv::INTER_AREA);
    cv::medianBlur(factor < 1 ? small : gray, small, 5);
    const int side = std::max(3, std::min(small.rows, small.cols) / 3) | 1;
    // The shadow's edge usually meets the image's border at a slant: the image is extended
    // beyond its border, so that the shadow's corner there is no narrow wedge to fill.
    cv::Mat padded, closed;
    cv::copyMakeBorder(small, padded, side, side, side, side, cv::BORDER_REPLICATE);
    cv::morphologyEx(padded, closed, light ? cv::MORPH_CLOSE : cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_RECT, {side, side}));
    closed = closed(cv::Rect(side, side, small.cols, small.rows));
    const double shadow = borderMiss(small, closed, 0), even = borderMiss(small, {}, flat);
    double darkest = 0, lightest = 0, deepest = 0, shallowest = 0;
    cv::minMaxLoc(small, &darkest, &lightest);
    cv::minMaxLoc(closed, &deepest, &shallowest);
    const double depth = light ? (lightest - deepest) / std::max(1.0, lightest - darkest)
                               : (shallowest - darkest) / std::max(1.0, lightest - darkest);
    if (even - shadow < kEvenLight / 3 || shadow > kShadowFit * even || depth > kShadowDepth)
        return {};
    if (factor < 1)
        cv::resize(closed, closed, gray.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat shade;
    closed.convertTo(shade, CV_32F);
    return shade;
}

// `borderMedian` is flatPaper()'s.
Paper paperOf(const cv::Mat& gray, uchar borderMedian)
{
    Paper paper;
    paper.flat = borderMedian;
    if (gray.rows < kSide || gray.cols < kSide)
        return paper; // too small to tell light from ink
    const cv::Vec2i range = borderRange(gray);
    if (range[1] - range[0] < kEvenLight)
        return paper;
    const bool light = paperIsLight(gray, paper.flat);
    // A shadow's sharp edge first: a smooth surface would blur it into the ink.
    paper.shade = shadowShade(gray, light, paper.flat);
    if (!paper.shade.empty()) {
        paper.relative = light;
        return paper;
    }
    const std::vector<cv::Vec3f> cells = cellPaper(gray, light);
    const cv::Matx<float, 6, 1> fit = robustQuadratic(cells, paper.flat);
    // The surface must explain the shades of the border much better than the border's median
    // does: else the border varies for another reason (ink or lines reaching it) and the light
    // is even. A page lit in its middle has a border of nearly one shade, and its middle much
    // lighter: there the surface must explain the cells' paper so; but a dark region as large
    // as several cells (a photo of a dark thing) is no paper, so the light found from the cells
    // takes at most kLightDepth of the image's range away. In images large enough for cells
    // to tell paper from ink, the shade follows how the cells depart from the surface.
    const bool cellsTell = std::min(gray.rows, gray.cols) >= kCellsSide;
    const bool byBorder = explainsBetter(borderOf(gray), fit, paper.flat);
    const bool byCells = !byBorder && cellsTell && explainsBetter(cells, fit, paper.flat);
    if (!byBorder && !byCells)
        return paper;
    paper.shade.create(gray.size(), CV_32F);
    for (int y = 0; y < gray.rows; ++y) {
        float* row = paper.shade.ptr<float>(y);
        const float fy = unit(float(y), gray.rows);
        for (int x = 0; x < gray.cols; ++x)
            row[x] = (quadraticTerms(unit(float(x), gray.cols), fy) * fit)(0);
    }
    if (cellsTell)
        paper.shade += cellDepartures(cells, fit, gray.size());
    double lowest = 0, highest = 0;
    cv::minMaxLoc(paper.shade, &lowest, &highest);
    if (highest - lowest < kEvenLight)
        paper.shade.release();
    else if (byCells) {
        double darkest = 0, lightest = 0;
        cv::minMaxLoc(gray, &darkest, &lightest);
        if (highest - lowest > kLightDepth * (lightest - darkest))
            paper.shade.release();
    }
    return paper;
}

// The image as one channel in which ink is bright and the background 0, whatever the
// source's polarity, with the largest ink value of each row and column. A drawing on a transparent
// background is read from its alpha.
struct Ink {
    cv::Mat image;             // CV_8UC1
    std::vector<uchar> rowMax; // per row
    std::vector<uchar> colMax; // per column
    uchar max = 0;
};

// Measures the row and column maxima and the strongest ink of the difference between `gray`
// and `background`, and stores that difference in `ink.image` when kStore (else `gray` is
// that difference already and `ink.image` shares it).
template <bool kStore> void measureRows(const cv::Mat& gray, uchar background, Ink& ink)
{
    ink.rowMax.resize(static_cast<std::size_t>(gray.rows));
    ink.colMax.assign(static_cast<std::size_t>(gray.cols), 0);
    ink.max = 0;
    uchar* __restrict colMax = ink.colMax.data();
    const int cols = gray.cols; // a local: stores through uchar* could alias gray.cols
    for (int y = 0; y < gray.rows; ++y) {
        const uchar* in = gray.ptr<uchar>(y);
        uchar* out = kStore ? ink.image.ptr<uchar>(y) : nullptr;
        uchar rowMax = 0;
        // Branch-free and in 8 bits, so that the compiler vectorises it sixteen pixels at a time.
        for (int x = 0; x < cols; ++x) {
            const uchar g = in[x];
            const uchar v = static_cast<uchar>(std::max(g, background) - std::min(g, background));
            const uchar c = colMax[x];
            if constexpr (kStore)
                out[x] = v;
            rowMax = v > rowMax ? v : rowMax;
            colMax[x] = v > c ? v : c;
        }
        ink.rowMax[static_cast<std::size_t>(y)] = rowMax;
        ink.max = std::max(ink.max, rowMax);
    }
}

// Makes `ink.image` the difference between `gray` and `background` (`gray` may be that image
// itself) and measures its row and column maxima and its strongest ink.
void measure(const cv::Mat& gray, uchar background, Ink& ink)
{
    ink.image.create(gray.size(), CV_8UC1);
    measureRows<true>(gray, background, ink);
}

// Makes `ink.image` share `image` (ink already: bright on 0) and measures it as measure() does.
void measureShared(const cv::Mat& image, Ink& ink)
{
    ink.image = image;
    measureRows<false>(image, 0, ink);
}

// Whether row y may be a printed line: ink of at least kLineInk at most of a sparse sample of
// its pixels (a cheap test, so that a drawing's rows are passed over quickly).
bool mayBeLine(const cv::Mat& ink, int y)
{
    const uchar* row = ink.ptr<uchar>(y);
    int inked = 0;
    for (int i = 0; i < kLineSamples; ++i)
        inked += row[(2 * i + 1) * ink.cols / (2 * kLineSamples)] >= kLineInk;
    return inked * 4 >= kLineSamples * 3;
}

// The level of a printed line along row y: the level under which a quarter of its ink lies,
// when the line is even: from its first inked pixel to its last (a line may stop short of the
// image's edges, as a box printed around the writing does), its faintest twentieth at least
// kLineEven of that level; else 0. A printed line's ink is even along it and writing across it
// only adds ink; a stroke running along the row (a tall digit's side, in an image cut to its
// ink) comes and goes.
uchar lineLevel(const cv::Mat& ink, int y)
{
    const uchar* pixels = ink.ptr<uchar>(y);
    std::vector<uchar> row(pixels, pixels + ink.cols);
    const auto quarter = row.begin() + std::ptrdiff_t(row.size() / 4);
    std::nth_element(row.begin(), quarter, row.end());
    const uchar level = *quarter;
    const auto inked = [](uchar v) { return v >= kLineInk; };
    const uchar* first = std::find_if(pixels, pixels + ink.cols, inked);
    const uchar* last = std::find_if(std::make_reverse_iterator(pixels + ink.cols),
                                     std::make_reverse_iterator(first), inked)
                            .base();
    row.assign(first, last);
    const auto faintest = row.begin() + std::ptrdiff_t(row.size() / 20);
    std::nth_element(row.begin(), faintest, row.end());
    return *faintest >= kLineEven * level ? level : 0;
}

// The runs of rows whose level is not 0: the printed lines of lineLevels(), each as its rows.
std::vector<cv::Range> linesOf(const std::vector<uchar>& level)
{
    std::vector<cv::Range> lines;
    for (int y = 0; y < int(level.size()); ++y)
        if (level[std::size_t(y)] > 0) {
            if (y == 0 || level[std::size_t(y) - 1] == 0)
                lines.emplace_back(y, y);
            lines.back().end = y + 1;
        }
    return lines;
}

// The printed lines among the rows of `ink`: a row whose ink runs along it, at least kLineInk
// over three quarters of it, evenly, weaker than kLineShare of the strongest ink, in a band at
// most kLineThickness of the image (and 3 pixels) thick, is a line of ruled or squared paper.
// Per row, the level of its line, or 0.
std::vector<uchar> lineLevels(const cv::Mat& ink, uchar strongest)
{
    std::vector<uchar> level(static_cast<std::size_t>(ink.rows), 0);
    for (int y = 0; y < ink.rows; ++y)
        if (mayBeLine(ink, y)) {
            const uchar low = lineLevel(ink, y);
            if (low >= kLineInk && low <= kLineShare * strongest)
                level[std::size_t(y)] = low;
        }
    const int thickest = std::max(3, static_cast<int>(kLineThickness * ink.rows));
    for (const cv::Range& band : linesOf(level))
        if (band.size() > thickest) // a band too thick for a line: something drawn
            std::fill(level.begin() + band.start, level.begin() + band.end, uchar(0));
    return level;
}

// Takes each row's level off it, so that what was written across a line stays. Returns
// whether any row had one.
bool takeOffRows(cv::Mat& ink, const std::vector<uchar>& level)
{
    bool removed = false;
    for (int y = 0; y < ink.rows; ++y)
        if (level[std::size_t(y)] > 0) {
            cv::Mat row = ink.row(y);
            cv::subtract(row, cv::Scalar(level[std::size_t(y)]), row);
            removed = true;
        }
    return removed;
}

// The walls of a row of equal boxes among the printed lines `lines` (across the band between
// its top and bottom): the first and the last, and between them a line at each box's width
// (give or take kCombSlack of it), for the most boxes that fit; none when fewer than kCombWalls
// fit. A stroke inside a box (a 1) is no wall.
std::vector<cv::Range> combWalls(const std::vector<cv::Range>& lines)
{
    const auto centre = [](const cv::Range& r) { return (r.start + r.end) / 2.0; };
    for (int boxes = int(lines.size()) - 1; boxes >= int(kCombWalls) - 1; --boxes) {
        const double first = centre(lines.front()), width = (centre(lines.back()) - first) / boxes;
        std::vector<cv::Range> walls;
        for (int k = 0; k <= boxes; ++k) {
            const double at = first + k * width;
            const auto nearest = std::min_element(
                lines.begin(), lines.end(), [&](const cv::Range& a, const cv::Range& b) {
                    return std::abs(centre(a) - at) < std::abs(centre(b) - at);
                });
            if (std::abs(centre(*nearest) - at) > kCombSlack * width)
                break;
            walls.push_back(*nearest);
        }
        if (int(walls.size()) == boxes + 1)
            return walls;
    }
    return {};
}

// The walls of the boxes of a form's row of boxes (a comb field) taken off the ink: where the
// printed rows `rows` are two lines at least kSide apart (its top and bottom; ruled paper has
// more), the columns between them that are printed lines over that band (lineLevels() on it,
// its columns as rows) and walls of equal boxes (combWalls()). Returns whether any was.
bool takeOffCombWalls(cv::Mat& ink, const std::vector<uchar>& rows, uchar strongest)
{
    const std::vector<cv::Range> lines = linesOf(rows);
    if (lines.size() != 2 || lines[1].start - lines[0].end < kSide)
        return false;
    cv::Mat band = ink.rowRange(lines[0].end, lines[1].start), columns;
    cv::transpose(band, columns);
    const std::vector<uchar> levels = lineLevels(columns, strongest);
    const std::vector<cv::Range> walls = combWalls(linesOf(levels));
    if (walls.empty())
        return false;
    std::vector<uchar> wallLevels(levels.size(), 0);
    for (const cv::Range& wall : walls)
        std::copy(levels.begin() + wall.start, levels.begin() + wall.end,
                  wallLevels.begin() + wall.start);
    takeOffRows(columns, wallLevels);
    cv::transpose(columns, band);
    return true;
}

// Whether at least kPlateauArea of the pixels of `ink` looked at, one every `step` pixels each
// way, lie above kMinInkContrast and under `most`: a shade over that share of the image holds
// them; strokes on even paper hold few.
bool shadedAtAll(const cv::Mat& ink, int step, double most)
{
    std::size_t shaded = 0, looked = 0;
    for (int y = step / 2; y < ink.rows; y += step)
        for (int x = step / 2; x < ink.cols; x += step, ++looked) {
            const uchar v = ink.at<uchar>(y, x);
            shaded += v > kMinInkContrast && v < most;
        }
    return shaded >= kPlateauArea * double(looked);
}

// The shade of `ink` in blocks of `factor` pixels (the image cut to whole blocks, which OpenCV
// averages many times quicker than a resize by any other ratio), opened by a square a
// kPlateauSide of its smaller side wide, which no stroke fills; kept where it lies above
// kMinInkContrast and under `most`, over at least kPlateauArea of the blocks, and grown by half
// the square over the shade's soft edges. Empty where there is no such shade.
cv::Mat plateauShade(const cv::Mat& ink, int factor, double most)
{
    const cv::Size blocks(ink.cols / factor, ink.rows / factor);
    cv::Mat small, level;
    cv::resize(ink(cv::Rect({0, 0}, blocks * factor)), small, blocks, 0, 0, cv::INTER_AREA);
    const int square = std::max(3, cvRound(kPlateauSide * std::min(small.rows, small.cols)));
    cv::morphologyEx(small, level, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_RECT, {square, square}));
    const cv::Mat plateau = (level > kMinInkContrast) & (level < most);
    if (cv::countNonZero(plateau) < kPlateauArea * double(plateau.total()))
        return {};
    level.setTo(0, ~plateau);
    const int grown = square / 2 * 2 + 1;
    cv::dilate(level, level, cv::getStructuringElement(cv::MORPH_RECT, {grown, grown}));
    return level;
}

// The shade of paper under a highlighter's band, a stain or a shadow inside the page taken off
// `ink` (bright on 0): plateauShade() on blocks that leave at most kPlateauSample of them on the
// image's smaller side, under kPlateauShare of the `strongest` ink (stronger, it is a filled
// shape of ink), after a quick look (shadedAtAll()). Images under kPlateauImage pixels on a
// side (MNIST's) are left as they are. Returns whether any shade was taken off.
bool takeOffPlateaus(cv::Mat& ink, uchar strongest)
{
    const int side = std::min(ink.rows, ink.cols);
    if (side < kPlateauImage)
        return false;
    const int factor = (side + kPlateauSample - 1) / kPlateauSample;
    const double most = kPlateauShare * strongest;
    if (!shadedAtAll(ink, factor, most))
        return false;
    const cv::Mat level = plateauShade(ink, factor, most);
    if (level.empty())
        return false;
    const cv::Size cut = level.size() * factor;
    cv::Mat blocksShade, shade;
    cv::resize(level, blocksShade, cut, 0, 0, cv::INTER_LINEAR);
    cv::copyMakeBorder(blocksShade, shade, 0, ink.rows - cut.height, 0, ink.cols - cut.width,
                       cv::BORDER_REPLICATE);
    cv::subtract(ink, shade, ink);
    return true;
}

// Ruled lines and the grid of squared paper taken off the ink. Rows and columns are both
// found on the ink as it is: with the rows of a grid taken off first, its columns would be
// broken where they crossed them, and a sample along a column could fall on the breaks.
bool removeRuledLines(cv::Mat& ink, uchar strongest)
{
    if (ink.rows < kSide || ink.cols < kSide)
        return false;
    const std::vector<uchar> rows = lineLevels(ink, strongest);
    // Columns are looked at transposed, once a sparse sample of rows says any may be a line.
    std::vector<int> inked(static_cast<std::size_t>(ink.cols), 0);
    for (int i = 0; i < kLineSamples; ++i) {
        const uchar* row = ink.ptr<uchar>((2 * i + 1) * ink.rows / (2 * kLineSamples));
        for (int x = 0; x < ink.cols; ++x)
            inked[std::size_t(x)] += row[x] >= kLineInk;
    }
    bool removed = false;
    if (std::any_of(inked.begin(), inked.end(), [](int n) { return n * 4 >= kLineSamples * 3; })) {
        cv::Mat columns;
        cv::transpose(ink, columns);
        if (takeOffRows(columns, lineLevels(columns, strongest))) {
            cv::transpose(columns, ink);
            removed = true;
        }
    }
    const bool walls = !removed && takeOffCombWalls(ink, rows, strongest);
    return takeOffRows(ink, rows) || removed || walls;
}

// The image's mean shade, from every eighth row.
double meanShade(const cv::Mat& gray)
{
    long sum = 0;
    int rows = 0;
    for (int y = 0; y < gray.rows; y += 8, ++rows) {
        const uchar* __restrict row = gray.ptr<uchar>(y);
        int rowSum = 0;
        for (int x = 0; x < gray.cols; ++x)
            rowSum += row[x];
        sum += rowSum;
    }
    return double(sum) / (double(rows) * gray.cols);
}

// The width of the band along a sheet's edge that fillAroundSheet() fills: its edge's shade.
int sheetEdge(cv::Size size)
{
    return std::max(2, std::min(size.width, size.height) / 50);
}

// The median shade of the pixels of `gray` under `mask`.
double medianUnder(const cv::Mat& gray, const cv::Mat& mask)
{
    Greys greys{};
    for (int y = 0; y < gray.rows; ++y) {
        const uchar *g = gray.ptr<uchar>(y), *m = mask.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x)
            if (m[x])
                ++greys[g[x]];
    }
    return medianOf(greys);
}

// Whether the shade steps across the edge of `sheet` (where it is not the photo's own edge),
// as at a sheet's edge on a desk: a band inside it, one to two sheetEdge() from its edge (past
// a blurred edge's spread), lighter than such a band outside by kSheetEdge of the difference
// between the median shades of the sheet's paper (`paper`) and of all that lies outside
// (`surround`) (the region's edge may run along a stroke for a while). Light falling off
// towards a photo's corners also leaves a lighter region in its middle, but its shade changes
// as slowly across that region's edge as anywhere.
bool steppedEdge(const cv::Mat& gray, const cv::Mat& sheet, double paper, double surround)
{
    const int edge = sheetEdge(gray.size());
    cv::Mat near, far;
    cv::erode(sheet, near, cv::Mat(), cv::Point(-1, -1), edge);
    cv::erode(sheet, far, cv::Mat(), cv::Point(-1, -1), 2 * edge);
    const cv::Mat inside = near & ~far;
    cv::dilate(sheet, near, cv::Mat(), cv::Point(-1, -1), edge);
    cv::dilate(sheet, far, cv::Mat(), cv::Point(-1, -1), 2 * edge);
    const cv::Mat outside = far & ~near;
    if (cv::countNonZero(inside) == 0 || cv::countNonZero(outside) == 0)
        return false;
    const double step = medianUnder(gray, inside) - medianUnder(gray, outside);
    return step >= kSheetEdge * (paper - surround);
}

// The shade of what lies around a sheet: the image's border (`border`, flatPaper()) where the
// desk shows all around, or its darkest side's outermost row where the page fills the photo
// but for one side (a desk beyond the page's edge).
uchar surroundOf(const cv::Mat& gray, uchar border)
{
    uchar darkest = border;
    for (int side = 0; side < 4; ++side)
        darkest = std::min(darkest, medianOf(sideOf(gray, side, 0)));
    return darkest;
}

// Whether something is written `around` a sheet as on it: more than kSheetWriting of it darker
// than its median shade (`surround`) by half that shade's difference from the sheet's paper's
// (`paper`). A desk shows no writing; a page half in a shadow does, and the shadowed half is
// no desk.
bool writtenAround(const cv::Mat& gray, const cv::Mat& around, double paper, double surround)
{
    const double ink = surround - (paper - surround) / 2;
    const int written = cv::countNonZero((gray < ink) & around);
    return written > kSheetWriting * cv::countNonZero(around);
}

// The sheet in a photo that shows what lies around it (a page on a desk), when what surrounds
// it (surroundOf()) is darker than the image on the whole: the largest region lighter than
// the image's Otsu threshold (`light`), holes and all, when it covers kSheetShare of the
// image, something is written on it but not over much of it, its outline is a few straight
// edges around a convex shape, the shade steps across them (steppedEdge()) and nothing is
// written beyond them (writtenAround()). Empty when there is none.
cv::Mat sheetOf(const cv::Mat& gray, uchar border, cv::Mat& light)
{
    if (gray.rows < kSheetSide || gray.cols < kSheetSide)
        return {};
    const uchar surround = surroundOf(gray, border);
    if (surround >= meanShade(gray))
        return {}; // the border is the usual light paper
    if (surround > cv::threshold(gray, light, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU))
        return {}; // no darker surround
    std::vector<std::vector<cv::Point>> outlines;
    cv::findContours(light, outlines, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    if (outlines.empty())
        return {};
    const auto largest =
        std::max_element(outlines.begin(), outlines.end(), [](const auto& a, const auto& b) {
            return cv::contourArea(a) < cv::contourArea(b);
        });
    cv::Mat sheet = cv::Mat::zeros(gray.size(), CV_8UC1);
    cv::drawContours(sheet, outlines, static_cast<int>(largest - outlines.begin()), 255,
                     cv::FILLED);
    const int area = cv::countNonZero(sheet);
    const int written = area - cv::countNonZero(sheet & light);
    if (area < kSheetShare * double(gray.total()) || written < kSheetWriting * area ||
        written > kSheetInk * area)
        return {};
    // A sheet's outline is a few straight edges (a quadrilateral, cut where the photo ends); a
    // light digit's is a curve.
    std::vector<cv::Point> corners;
    cv::approxPolyDP(*largest, corners, kSheetStraight * cv::arcLength(*largest, true), true);
    std::vector<cv::Point> hull;
    cv::convexHull(*largest, hull);
    if (corners.size() > kSheetCorners ||
        cv::contourArea(*largest) < kSheetSolid * cv::contourArea(hull))
        return {};
    // The median shades of the sheet's paper and of all that lies around it, which both the
    // step across its edge and the writing around it are measured against.
    const cv::Mat around = sheet == 0;
    const double paper = medianUnder(gray, sheet & light), aroundShade = medianUnder(gray, around);
    if (!steppedEdge(gray, sheet, paper, aroundShade) ||
        writtenAround(gray, around, paper, aroundShade))
        return {};
    return sheet;
}

// Around the sheet sheetOf() finds, and along its shaded edge, the photo filled with the
// sheet's paper (the median of its light pixels), so that the border is paper again. Returns
// whether there was a sheet.
bool fillAroundSheet(cv::Mat& gray, uchar border)
{
    cv::Mat light;
    cv::Mat sheet = sheetOf(gray, border, light);
    if (sheet.empty())
        return false;
    cv::erode(sheet, sheet, cv::Mat(), cv::Point(-1, -1), sheetEdge(gray.size()));
    Greys paper{};
    bool any = false;
    for (int y = 0; y < gray.rows; ++y) {
        const uchar *g = gray.ptr<uchar>(y), *in = sheet.ptr<uchar>(y), *l = light.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x)
            if (in[x] && l[x]) {
                ++paper[g[x]];
                any = true;
            }
    }
    if (!any)
        return false;
    gray = gray.clone();
    gray.setTo(medianOf(paper), sheet == 0);
    return true;
}

// Whether inkOf() takes off the shade of a highlighter's band or a stain (takeOffPlateaus()):
// for a drawing read as a number, with paper round its writing, but not for one digit cropped to
// its ink, which the shade's test can take for thick or blurred strokes.
enum class Plateaus { Kept, TakenOff };

Ink inkOf(const cv::Mat& image, Plateaus plateaus = Plateaus::Kept)
{
    if (image.empty())
        throw Error("the image is empty");
    const cv::Mat img = to8Bit(image);
    cv::Mat gray;
    switch (img.channels()) {
    case 1:
        gray = img;
        break;
    case 2:
    case 4: {
        cv::Mat alpha;
        cv::extractChannel(img, alpha, img.channels() - 1);
        double minAlpha = 0;
        cv::minMaxLoc(alpha, &minAlpha);
        if (minAlpha < 128)
            gray = alpha;
        else if (img.channels() == 2)
            cv::extractChannel(img, gray, 0);
        else
            cv::cvtColor(img, gray, cv::COLOR_BGRA2GRAY);
        break;
    }
    case 3:
        cv::cvtColor(img, gray, cv::COLOR_BGR2GRAY);
        break;
    default:
        throw Error("unsupported image: " + std::to_string(img.channels()) + " channels");
    }
    uchar flat = flatPaper(gray);
    if (fillAroundSheet(gray, flat))
        flat = flatPaper(gray);
    const Paper paper = paperOf(gray, flat);
    uchar background = paper.flat;
    if (!paper.shade.empty()) { // ink against the paper's fitted shade, whatever its polarity
        cv::Mat grey, difference, ink8;
        gray.convertTo(grey, CV_32F);
        if (paper.relative)
            difference = 255 * (paper.shade - grey) / cv::max(paper.shade, 1);
        else
            cv::absdiff(grey, paper.shade, difference);
        difference.convertTo(ink8, CV_8U); // not into `gray`: that may be the caller's image
        gray = ink8;
        background = 0;
    }
    Ink ink;
    measure(gray, background, ink);
    if (plateaus == Plateaus::TakenOff && takeOffPlateaus(ink.image, ink.max))
        measureShared(ink.image, ink);
    if (removeRuledLines(ink.image, ink.max))
        measureShared(ink.image, ink);
    return ink;
}

// The bounding box of the pixels above `threshold`, from the row and column maxima.
cv::Rect boxAbove(const Ink& ink, uchar threshold)
{
    auto above = [threshold](uchar v) { return v > threshold; };
    const auto top = std::find_if(ink.rowMax.begin(), ink.rowMax.end(), above);
    if (top == ink.rowMax.end())
        return {};
    const auto bottom = std::find_if(ink.rowMax.rbegin(), ink.rowMax.rend(), above);
    const auto left = std::find_if(ink.colMax.begin(), ink.colMax.end(), above);
    const auto right = std::find_if(ink.colMax.rbegin(), ink.colMax.rend(), above);
    const int y0 = static_cast<int>(top - ink.rowMax.begin());
    const int y1 = static_cast<int>(ink.rowMax.rend() - bottom);
    const int x0 = static_cast<int>(left - ink.colMax.begin());
    const int x1 = static_cast<int>(ink.colMax.rend() - right);
    return {x0, y0, x1 - x0, y1 - y0};
}

// The ink of `crop` (its pixels above `half`) resampled by `factor` as a mask of 0/255.
// Shrinking averages the mask, and pixels covered less than kSpeckCover (or half the best
// coverage, for hairlines) are dropped as specks.
cv::Mat resampleMask(const cv::Mat& crop, uchar half, double factor)
{
    const cv::Size size(std::max(1, static_cast<int>(std::lround(crop.cols * factor))),
                        std::max(1, static_cast<int>(std::lround(crop.rows * factor))));
    cv::Mat resized;
    cv::Mat out;
    if (factor < 1) {
        // Shrink by the whole part of the ratio first, counting the ink of each block in one
        // pass: several times quicker than a general area resize of the full mask.
        const cv::Mat coarse = detail::blockCoverage(crop, half, static_cast<int>(1 / factor));
        cv::resize(coarse, resized, size, 0, 0, cv::INTER_AREA);
        double best = 0;
        cv::minMaxLoc(resized, nullptr, &best);
        cv::threshold(resized, out, std::min(kSpeckCover * 255, best / 2), 255, cv::THRESH_BINARY);
    } else {
        cv::threshold(crop, out, half, 255, cv::THRESH_BINARY);
        cv::resize(out, resized, size, 0, 0, cv::INTER_LINEAR);
        cv::threshold(resized, out, 127, 255, cv::THRESH_BINARY);
    }
    return out;
}

// The cheap checks: thick ink over more than half of the image (a digit cropped to its ink
// fills its image too, in strokes), or ink hardly longer than it is thick (its thickness: the
// diameter of the largest disc inside it), or tiny.
std::string refusalOf(const cv::Mat& work, double factor, cv::Size size)
{
    cv::Mat padded;
    cv::copyMakeBorder(work, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
    const cv::Mat distance = detail::chamferDistance(padded, 3);
    double radius = 0;
    cv::minMaxLoc(distance, nullptr, &radius);
    const int longest = std::max(work.cols, work.rows);
    if (cv::countNonZero(work) / (factor * factor) > kFilled * size.area() &&
        radius >= kFilledThick * longest)
        return "the ink fills the image";
    if (longest < kBlot * 2 * radius || longest < kMinSpan * factor)
        return "only a dot or a blot";
    return {};
}

// The ink above `half` at the working resolution, cut to the drawing's box: `box` is that
// drawing's box in the image, `factor` the working pixels per image pixel. Specks far from the
// drawing widen the first box; once they are dropped, a second pass looks at the drawing alone.
cv::Mat workingMask(const Ink& ink, uchar half, cv::Rect& box, double& factor)
{
    box = boxAbove(ink, half);
    for (int pass = 0;; ++pass) {
        factor = static_cast<double>(kWork) / std::max(box.width, box.height);
        const cv::Mat work = resampleMask(ink.image(box), half, factor);
        const cv::Rect kept = cv::boundingRect(work);
        if (kept.empty())
            throw Error("nothing drawn");
        const bool shrunk = std::max(kept.width, kept.height) * 4 < kWork * 3;
        if (!shrunk || pass == 1)
            return work(kept);
        // The drawing's own box, found again at full resolution inside the kept region
        // widened by a working pixel (whose faint edge may have been dropped as a speck).
        const cv::Rect region =
            cv::Rect(box.x + static_cast<int>(std::floor((kept.x - 1) / factor)),
                     box.y + static_cast<int>(std::floor((kept.y - 1) / factor)),
                     static_cast<int>(std::ceil((kept.width + 2) / factor)) + 1,
                     static_cast<int>(std::ceil((kept.height + 2) / factor)) + 1) &
            cv::Rect(0, 0, ink.image.cols, ink.image.rows);
        box = cv::boundingRect(ink.image(region) > half) + region.tl();
    }
}

// The centre lines of `skeleton` (inside `lines`) re-drawn with MNIST's pen, as ink of 0..1
// fitted into MNIST's 20x20; `scale` is the output pixels per working pixel.
cv::Mat penStrokes(const cv::Mat& skeleton, cv::Rect lines, double& scale)
{
    const int span = std::max(lines.width, lines.height) - 1;
    // A dot is drawn with a pen of one working pixel.
    scale = span > 0 ? std::min((kExtent - 2 * kPenRadius) / span, kPenRadius) : kPenRadius;
    const double radius = kPenRadius / scale; // the pen, in working pixels
    const int pad = static_cast<int>(std::ceil(radius)) + 1;
    cv::Mat centre;
    cv::copyMakeBorder(skeleton(lines), centre, pad, pad, pad, pad, cv::BORDER_CONSTANT, 0);
    const cv::Mat distance = detail::chamferDistance(centre == 0, 5);
    const cv::Mat strokes = cv::min(cv::max((radius + 0.5) - distance, 0.0), 1.0);
    const cv::Size fitted(std::max(1, static_cast<int>(std::lround(strokes.cols * scale))),
                          std::max(1, static_cast<int>(std::lround(strokes.rows * scale))));
    cv::Mat small;
    cv::resize(strokes, small, fitted, 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    return small;
}

// `ink` (float, 0..1) placed in 28x28 with its centre of mass at the centre, as 0..255.
cv::Mat centredByMass(const cv::Mat& ink)
{
    const cv::Moments m = cv::moments(ink);
    const cv::Matx23d shift(1, 0, kCentre - m.m10 / m.m00, 0, 1, kCentre - m.m01 / m.m00);
    cv::Mat placed, out;
    cv::warpAffine(ink, placed, shift, cv::Size(kSide, kSide), cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT, 0);
    placed.convertTo(out, CV_8U, 255.0);
    return out;
}

// MNIST's recipe on the ink of an image of `size`: the strokes re-drawn (preprocess()).
Preprocessed redrawnOf(const Ink& ink, cv::Size size)
{
    if (ink.max < kMinInkContrast)
        throw Error("nothing drawn");
    Preprocessed result;
    double factor = 1;
    const cv::Mat work = workingMask(ink, ink.max / 2, result.inkBox, factor);

    // Re-draw the strokes' centre lines with MNIST's pen, whatever pen drew them.
    cv::Mat skeleton = detail::thin(work);
    cv::Rect lines = cv::boundingRect(skeleton);
    result.refusal = refusalOf(work, factor, size);
    if (lines.empty()) { // a tiny blob thins away entirely: keep its middle
        lines = cv::Rect(work.cols / 2, work.rows / 2, 1, 1);
        skeleton.at<uchar>(lines.y, lines.x) = 1;
    }
    double scale = 1;
    result.image = centredByMass(penStrokes(skeleton, lines, scale));
    result.scale = scale * factor;
    return result;
}

// MNIST's recipe on the grey ink itself (preprocessSoft()).
Preprocessed greyOf(const Ink& ink, cv::Size size)
{
    Preprocessed result = redrawnOf(ink, size);
    // The faint ink around the box redrawnOf() found at half the strongest.
    const int margin = std::max(1, std::max(result.inkBox.width, result.inkBox.height) / 8);
    const cv::Rect around =
        cv::Rect(result.inkBox.x - margin, result.inkBox.y - margin,
                 result.inkBox.width + 2 * margin, result.inkBox.height + 2 * margin) &
        cv::Rect(0, 0, ink.image.cols, ink.image.rows);
    double strongest = 0;
    cv::minMaxLoc(ink.image(around), nullptr, &strongest);
    const cv::Rect box = cv::boundingRect(ink.image(around) > kFaintInk * strongest) + around.tl();
    const double f = double(kBox) / std::max(box.width, box.height);
    const cv::Size fitted(std::max(1, static_cast<int>(std::lround(box.width * f))),
                          std::max(1, static_cast<int>(std::lround(box.height * f))));
    // A tiny source (a digit under 20 px tall) is enlarged by Lanczos interpolation, which
    // keeps its strokes as sharp as MNIST's; enlarged linearly they come out soft and doubted.
    cv::Mat small;
    cv::resize(ink.image(box), small, fitted, 0, 0, f < 1 ? cv::INTER_AREA : cv::INTER_LANCZOS4);
    // A fine pen's strokes, fitted into the box, are thinner than MNIST's: widened to them.
    const double pen = f * penWidth(ink.image(box) > strongest / 2);
    if (pen < kFinePen)
        cv::dilate(small, small, cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3}));
    cv::minMaxLoc(small, nullptr, &strongest);
    small.convertTo(small, CV_32F, 1.0 / std::max(1.0, strongest));
    result.image = centredByMass(small);
    result.scale = f;
    return result;
}

} // namespace

Preprocessed preprocess(const cv::Mat& image)
{
    return redrawnOf(inkOf(image), image.size());
}

bool isSoftInk(const cv::Mat& ink)
{
    double strongest = 0;
    cv::minMaxLoc(ink, nullptr, &strongest);
    return isSoftInk(ink, static_cast<uchar>(strongest));
}

bool isSoftInk(const cv::Mat& ink, uchar strongest)
{
    if (strongest < kMinInkContrast)
        return false;
    const auto faint = static_cast<uchar>(kFaintInk * strongest);
    const auto strong = static_cast<uchar>(std::ceil(kStrongInk * strongest));
    long all = 0, mid = 0;
    for (int y = 0; y < ink.rows; ++y) {
        const uchar* __restrict row = ink.ptr<uchar>(y);
        // Branch-free and in 16 bits (a row is at most 16384 pixels), so that the compiler
        // vectorises it eight pixels at a time.
        unsigned short rowAll = 0, rowMid = 0;
        for (int x = 0; x < ink.cols; ++x) {
            const uchar v = row[x];
            rowAll = static_cast<unsigned short>(rowAll + (v > faint));
            rowMid = static_cast<unsigned short>(rowMid + ((v > faint) & (v < strong)));
        }
        all += rowAll;
        mid += rowMid;
    }
    return mid > kSoftShare * all;
}

bool isBinaryInk(const cv::Mat& ink, uchar strongest)
{
    if (strongest < kMinInkContrast)
        return false;
    const detail::InkArea strong = detail::inkArea(ink > strongest / 2, true);
    const int outline = strong.area - strong.interior;
    const int mid =
        cv::countNonZero((ink > kBinaryLow * strongest) & (ink < kBinaryHigh * strongest));
    return mid < kBinaryEdge * outline;
}

Preprocessed preprocessSoft(const cv::Mat& image)
{
    return greyOf(inkOf(image), image.size());
}

Preprocessed preprocessInk(const cv::Mat& ink, bool soft)
{
    Ink measured;
    measureShared(ink, measured);
    return soft ? greyOf(measured, ink.size()) : redrawnOf(measured, ink.size());
}

double penWidth(const cv::Mat& mask)
{
    const detail::InkArea ink = detail::inkArea(mask, false);
    const int outline = ink.area - ink.interior;
    return outline > 0 ? std::max(1.0, 2.0 * ink.area / outline) : 1.0;
}

bool isMarkerPen(double pen, double height)
{
    return pen > kMarkerPen * height;
}

bool isScannedPen(double pen, double height)
{
    return pen > kScannedPen * height;
}

Preprocessed prepare(const cv::Mat& image)
{
    const Ink ink = inkOf(image);
    if (isSoftInk(ink.image, ink.max))
        return greyOf(ink, image.size());
    const uchar half = ink.max / 2;
    const cv::Rect box = boxAbove(ink, half);
    if (box.empty())
        return redrawnOf(ink, image.size());
    const double pen = penWidth(ink.image(box) > half);
    if (isMarkerPen(pen, box.height) ||
        (isScannedPen(pen, box.height) && isBinaryInk(ink.image, ink.max)))
        return greyOf(ink, image.size());
    return redrawnOf(ink, image.size());
}

cv::Mat inkOnPaper(const cv::Mat& image)
{
    return 255 - inkOf(image, Plateaus::TakenOff).image;
}

InkCrop inkCrop(const cv::Mat& image, double share)
{
    const Ink ink = inkOf(image, Plateaus::TakenOff);
    InkCrop crop;
    crop.darkest = ink.max;
    if (ink.max < kMinInkContrast)
        return crop;
    crop.box = boxAbove(ink, static_cast<uchar>(std::max(kMinInkContrast / 2.0, share * ink.max)));
    crop.ink = ink.image(crop.box);
    return crop;
}

} // namespace dwn
