#include "dwn/segmentation.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "dwn/error.h"
#include "dwn/preprocess.h"

namespace dwn {
namespace {

const double kMaskShare = 0.35;      // an image's ink mask: above this share of its darkest ink
const double kSpeck = 0.5;           // a component shorter than this many pens is a speck
const double kTall = 0.5;            // pieces this share of the tallest set the line's height
const double kWide = 0.8;            // a piece wider than this many heights may be several digits
const double kCutMargin = 0.2;       // no cut nearer a piece's side than this many heights
const double kCutSpacing = 0.2;      // nor two cuts nearer each other
const double kCutInk = 3.5;          // nor one that cuts more ink than this many pens
const double kCutReach = 0.1;        // a cut strays this many heights from its column
const double kFrameInk = 0.9;        // a box's side is ink over this share of its length
const double kUnderlineThin = 0.4;   // an underline is at most this many heights thick,
const double kUnderlineBend = 0.2;   // its middle strays at most this many from a straight line
const double kUnderlineLength = 0.5; // and at least this share of the writing's width long,
const double kUnderlineSlope = 0.2;  // straight, sloping at most this against the line,
const double kUnderlineStray = 0.1;  // but for this share of its columns (its hooked ends)
const double kTouchingLength = 1.5;  // an underline touching the writing is this many heights long,
const double kTouchingWidth = 0.7;   // and this share of the writing's width,
const double kTouchingHeld = 0.9;    // ending at its lower edge in this share of its columns,
const double kUnderlineRise = 0.25;  // at most this many heights above the band's bottom
const double kBoxHeight = 0.5;       // a box's sides are at least this many heights apart
const double kRingEdge = 0.25;       // a ring's ink keeps to this share of its box's sides
const double kRingContent = 0.15;    // round writing at least this share of its height tall,
const int kRingSectors = 36;         // in at least kRingCover of this many sectors round it
const double kRingCover = 0.85;
const int kMaxCuts = 16;              // per piece
const std::size_t kSlopePieces = 3;   // a line's slope is measured on this many tall pieces,
const double kSlope = 0.35;           // and is at most this (about 20 degrees)
const double kLevelSlope = 0.1;       // a line steeper than this (about 6 degrees) is turned level
const double kWritingHeight = 2.5;    // a line of writing is at least this many pens tall
const double kStrokeTolerance = 0.25; // pixels a re-drawn stroke's centre line may stray
// Writing fainter than the rest (a digit written lightly, a faded part of a scan) is found
// above kFaintShare of the darkest ink; beyond kFaintHalo pens of the strong ink (above
// kFaintCore of the darkest), its parts that go on from it for kFaintReach pens, and symbols
// apart from it kFaintSize of its height tall or wide, with strokes at least kFaintPen of its
// pen (addFaintWriting()).
const double kFaintShare = 0.15;
const double kFaintCore = 0.5;
const double kFaintHalo = 0.5;
const double kFaintReach = 2.0;
const double kFaintSize = 0.4;
const double kFaintPen = 0.4;
// Dot-grid paper: marks at most kGridDot pens across, each with two others at the grid's
// spacing (the median distance to the nearest mark, give or take kGridTolerance of it) in a
// line or at a right angle, at least kGridDots of them and half of all such marks.
const double kGridDot = 2.5;
const double kGridTolerance = 0.1;
const std::size_t kGridDots = 8;
const std::size_t kGridMarks = 2000; // more small marks than this are not searched for a grid

template <typename T> T median(std::vector<T> values)
{
    auto middle = values.begin() + values.size() / 2;
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

// A cut through a piece from its top row to its bottom one.
struct Cut {
    std::vector<int> columns; // per row, the first column right of the cut
    double pens = 0;          // the ink it crosses, in pens
};

// The columns a cut near column `x0` may pass through: within `reach` of it, inside the piece.
struct CutWindow {
    int x0, lo, n;
    CutWindow(const cv::Mat& ink, int x0, int reach)
        : x0(x0), lo(std::max(1, x0 - reach)), n(std::min(ink.cols - 1, x0 + reach) - lo + 1)
    {
    }
};

const float kCutStep = 0.05f; // a cut's sideways step, against 1 for an ink pixel

// The least cost of a path from the top row to each pixel of a CutWindow's columns, for the
// last `kept` rows found (row y in slot y % kept), each with a column either side that no
// path reaches.
struct CutCosts {
    std::size_t width, kept;
    std::vector<float> cost;
    CutCosts(int n, int kept)
        : width(std::size_t(n) + 2), kept(std::size_t(kept)),
          cost(width * this->kept, std::numeric_limits<float>::infinity())
    {
    }
    // Row y's cost at column 0 of the window; columns -1 and n hold infinity.
    float* row(int y) { return &cost[std::size_t(y) % kept * width + 1]; }
    const float* row(int y) const { return &cost[std::size_t(y) % kept * width + 1]; }
};

// The CutCosts of the paths through `w` that keep the last `kept` rows. A path steps at most
// one column per row; an ink pixel costs 1, and 1 more when reached sideways, since a cut that
// slides along a stroke to cross it at a slant cuts it as much as one straight across; a
// sideways step costs kCutStep, and a path starting away from x0 that much a column.
CutCosts cutCosts(const cv::Mat& ink, const CutWindow& w, int kept)
{
    CutCosts costs(w.n, kept);
    const uchar* top = ink.ptr<uchar>(0) + w.lo;
    float* first = costs.row(0);
    for (int i = 0; i < w.n; ++i)
        first[i] = kCutStep * float(std::abs(w.lo + i - w.x0)) + (top[i] > 0 ? 1.0f : 0.0f);
    for (int y = 1; y < ink.rows; ++y) {
        const uchar* row = ink.ptr<uchar>(y) + w.lo;
        const float* up = costs.row(y - 1);
        float* here = costs.row(y);
        for (int i = 0; i < w.n; ++i) {
            const float inked = row[i] > 0 ? 1.0f : 0.0f;
            const float side = (up[i - 1] < up[i + 1] ? up[i - 1] : up[i + 1]) + kCutStep + inked;
            here[i] = (side < up[i] ? side : up[i]) + inked;
        }
    }
    return costs;
}

// The column of `w` where the cheapest path of `costs` ends in the bottom row of `ink`.
int cheapestEnd(const CutCosts& costs, const CutWindow& w, const cv::Mat& ink)
{
    const float* bottom = costs.row(ink.rows - 1);
    return static_cast<int>(std::min_element(bottom, bottom + w.n) - bottom);
}

// The columns of the cut that ends at column `end` of `w`, per row, followed up from the bottom
// row through `costs` of every row: at each row, from the pixel above unless a step from one
// beside it costs less, and from the right where both sides cost the same.
std::vector<int> cutPath(const cv::Mat& ink, const CutWindow& w, const CutCosts& costs, int end)
{
    std::vector<int> columns(std::size_t(ink.rows));
    int i = end;
    for (int y = ink.rows - 1; y >= 0; --y) {
        columns[std::size_t(y)] = w.lo + i;
        if (y == 0)
            break;
        const float* up = costs.row(y - 1);
        const float inked = ink.at<uchar>(y, w.lo + i) > 0 ? 1.0f : 0.0f;
        float best = up[i];
        int step = 0;
        for (int d : {-1, 1}) {
            const float sideways = up[i - d] + kCutStep + inked;
            if (sideways < best) {
                best = sideways;
                step = d;
            }
        }
        i -= step;
    }
    return columns;
}

// Where a wide piece may be cut: from the columns whose cheapest cut crosses the least ink,
// spread at least kCutSpacing heights apart, no nearer its sides than kCutMargin heights and
// through no more than kCutInk pens of ink; left to right, none crossing the one before. A cut
// near a column is a path from top to bottom within kCutReach heights of it, so that it can
// pass between slanted or overlapping digits; its sideways steps cost a little, so that it runs
// straight through paper, and its cost, about the ink pixels it crosses, is measured in pens.
// Every column's cut is costed on two rows at a time; the paths are found for the cuts chosen.
std::vector<Cut> cutsOf(const Piece& piece, double height, double pen)
{
    const int margin = std::max(1, static_cast<int>(kCutMargin * height));
    const int reach = std::max(1, static_cast<int>(kCutReach * height));
    const int step = std::max(1, static_cast<int>(pen / 2));
    struct Option {
        CutWindow window;
        int end;
        double pens;
    };
    std::vector<Option> options;
    for (int x = margin; x < piece.box.width - margin; x += step) {
        const CutWindow w(piece.ink, x, reach);
        const CutCosts costs = cutCosts(piece.ink, w, 2);
        const int end = cheapestEnd(costs, w, piece.ink);
        const double pens = costs.row(piece.ink.rows - 1)[end] / pen;
        if (pens <= kCutInk)
            options.push_back({w, end, pens});
    }
    std::stable_sort(options.begin(), options.end(),
                     [](const Option& a, const Option& b) { return a.pens < b.pens; });
    const double spacing = kCutSpacing * height;
    std::vector<const Option*> chosen;
    for (const Option& o : options) {
        if (static_cast<int>(chosen.size()) == kMaxCuts)
            break;
        if (std::all_of(chosen.begin(), chosen.end(), [&o, spacing](const Option* c) {
                return std::abs(c->window.x0 - o.window.x0) >= spacing;
            }))
            chosen.push_back(&o);
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const Option* a, const Option* b) { return a->window.x0 < b->window.x0; });
    std::vector<Cut> cuts;
    for (const Option* o : chosen) {
        const CutCosts costs = cutCosts(piece.ink, o->window, piece.ink.rows);
        Cut cut{cutPath(piece.ink, o->window, costs, o->end), o->pens};
        if (!cuts.empty())
            for (std::size_t y = 0; y < cut.columns.size(); ++y)
                cut.columns[y] = std::max(cut.columns[y], cuts.back().columns[y]);
        cuts.push_back(std::move(cut));
    }
    return cuts;
}

// The part of a piece between two cuts, shrunk to its ink; empty when it holds none.
std::optional<Piece> sliceOf(const Piece& piece, const Cut& from, const Cut& to)
{
    cv::Mat ink = cv::Mat::zeros(piece.ink.size(), CV_8UC1);
    for (int y = 0; y < ink.rows; ++y) {
        const int a = from.columns[std::size_t(y)], b = to.columns[std::size_t(y)];
        if (b > a)
            std::copy(piece.ink.ptr<uchar>(y) + a, piece.ink.ptr<uchar>(y) + b,
                      ink.ptr<uchar>(y) + a);
    }
    const cv::Rect kept = cv::boundingRect(ink);
    if (kept.empty())
        return std::nullopt;
    return Piece{kept + piece.box.tl(), ink(kept).clone(), piece.whole, from.pens};
}

// Replaces each piece too wide for one digit by its slices between the cuts.
std::vector<Piece> sliceWide(std::vector<Piece> pieces, double height, double pen)
{
    std::vector<Piece> out;
    // A line hardly taller than the pen holds dots and blots, which no cut makes digits of.
    const bool writing = height >= kWritingHeight * pen;
    for (Piece& piece : pieces) {
        if (!writing || piece.box.width <= kWide * height) {
            out.push_back(std::move(piece));
            continue;
        }
        std::vector<Cut> bounds = cutsOf(piece, height, pen);
        const std::size_t rows = std::size_t(piece.box.height);
        bounds.insert(bounds.begin(), Cut{std::vector<int>(rows, 0)});
        bounds.push_back(Cut{std::vector<int>(rows, piece.box.width)});
        for (std::size_t i = 0; i + 1 < bounds.size(); ++i)
            if (auto slice = sliceOf(piece, bounds[i], bounds[i + 1]))
                out.push_back(std::move(*slice));
    }
    return out;
}

// Whether `piece` is a straight stroke along the line: at most kUnderlineThin `height`s thick
// and its middle within kUnderlineBend of them of one straight line (sloping at most
// kUnderlineSlope) at all but kUnderlineStray of its columns, and below the line's band at every
// column.
bool straightBelow(const Piece& piece, const Pieces& line)
{
    const double thin = kUnderlineThin * line.height;
    std::vector<cv::Point2d> centres;
    std::vector<double> thickness;
    for (int x = 0; x < piece.ink.cols; ++x) {
        double ink = 0, moment = 0;
        int top = -1;
        for (int y = 0; y < piece.ink.rows; ++y)
            if (const uchar v = piece.ink.at<uchar>(y, x)) {
                ink += v;
                moment += double(v) * y;
                top = top < 0 ? y : top;
            }
        if (top < 0)
            continue;
        if (piece.box.y + top <= line.bottomAt(piece.box.x + x))
            return false;
        centres.emplace_back(x, moment / ink);
        thickness.push_back(ink / 255);
    }
    if (centres.size() < 2)
        return false;
    cv::Vec4f fit;
    cv::fitLine(centres, fit, cv::DIST_L2, 0, 0.01, 0.01);
    if (std::abs(fit[1]) > kUnderlineSlope * std::abs(fit[0]))
        return false;
    std::size_t stray = 0;
    for (std::size_t k = 0; k < centres.size(); ++k) {
        const double y = fit[3] + (centres[k].x - fit[2]) * fit[1] / fit[0];
        if (thickness[k] > thin || std::abs(centres[k].y - y) > kUnderlineBend * line.height)
            ++stray;
    }
    return stray <= kUnderlineStray * centres.size();
}

// Whether piece `i` is a line drawn under the writing: a straight stroke below the line's band
// (straightBelow()), clear of every piece that reaches into the band, and as long as half the
// writing is wide. A second line under it does not reach the band.
bool underline(const std::vector<Piece>& found, std::size_t i, const Pieces& line)
{
    const cv::Rect& box = found[i].box;
    cv::Rect writing;
    for (std::size_t j = 0; j < found.size(); ++j) {
        const cv::Rect& other = found[j].box;
        if (j == i || other.y > std::max(line.bottomAt(other.x), line.bottomAt(other.br().x)))
            continue;
        if ((other & box).area() > 0)
            return false;
        writing |= other;
    }
    return !writing.empty() && box.width >= kUnderlineLength * writing.width &&
           straightBelow(found[i], line);
}

// The lowest run of ink in a column of a piece: its top and bottom rows (-1 where it is empty).
struct Foot {
    int top = -1;
    int bottom = -1;
    int thickness() const { return bottom - top + 1; }
    double middle() const { return (top + bottom) / 2.0; }
};

// The foot of every column of `ink`.
std::vector<Foot> feetOf(const cv::Mat& ink)
{
    std::vector<Foot> feet(static_cast<std::size_t>(ink.cols));
    for (int x = 0; x < ink.cols; ++x) {
        int y = ink.rows - 1;
        while (y >= 0 && ink.at<uchar>(y, x) == 0)
            --y;
        if (y < 0)
            continue;
        Foot& foot = feet[static_cast<std::size_t>(x)];
        foot.bottom = y;
        while (y >= 0 && ink.at<uchar>(y, x) != 0)
            --y;
        foot.top = y + 1;
    }
    return feet;
}

// A straight line along the feet of a piece's columns: where its middle lies, how thick its
// stroke is, the columns [from, to) it runs along and the share of them whose foot it holds.
struct FootLine {
    cv::Vec4f fit;
    int thickness = 0;
    int from = 0;
    int to = 0;
    double held = 0;
    double at(double x) const { return fit[3] + (x - fit[2]) * fit[1] / fit[0]; }
    // Whether `foot` is thin (at most kUnderlineThin heights) and its middle within
    // kUnderlineBend heights of the line: the line's stroke, which its thickness is measured on.
    bool near(const Foot& foot, double x, double height) const
    {
        return foot.top >= 0 && foot.thickness() <= kUnderlineThin * height &&
               std::abs(foot.middle() - at(x)) <= kUnderlineBend * height;
    }
    // Whether `foot` ends at the line's lower edge, give or take half its thickness: the line's
    // stroke, with any digit's that runs into it from above.
    bool holds(const Foot& foot, double x) const
    {
        return foot.top >= 0 && std::abs(foot.bottom - (at(x) + (thickness - 1) / 2.0)) <=
                                    std::max(1.5, thickness / 2.0);
    }
    // Whether column `x` of `ink` has ink within the line's stroke, give or take a pixel.
    bool crosses(const cv::Mat& ink, int x) const
    {
        const int reach = thickness / 2 + 1;
        const int middle = cvRound(at(x));
        for (int y = std::max(0, middle - reach); y <= std::min(ink.rows - 1, middle + reach); ++y)
            if (ink.at<uchar>(y, x))
                return true;
        return false;
    }
};

// The straight line through the thin feet (at most kUnderlineThin heights thick) of `ink`, its
// thickness that of the feet near it (FootLine::near), and the longest stretch of columns where
// it holds the foot (FootLine::holds) or crosses ink (FootLine::crosses: a digit reaching below
// it); nothing where fewer than `longest` columns have a thin foot or the line slopes more than
// kUnderlineSlope.
std::optional<FootLine> footLineOf(const cv::Mat& ink, const std::vector<Foot>& feet, double height,
                                   double longest)
{
    std::vector<cv::Point2f> thin;
    for (std::size_t x = 0; x < feet.size(); ++x)
        if (feet[x].top >= 0 && feet[x].thickness() <= kUnderlineThin * height)
            thin.emplace_back(static_cast<float>(x), static_cast<float>(feet[x].middle()));
    if (thin.size() < longest)
        return std::nullopt;
    FootLine line;
    cv::fitLine(thin, line.fit, cv::DIST_HUBER, 0, 0.01, 0.01);
    if (std::abs(line.fit[1]) > kUnderlineSlope * std::abs(line.fit[0]))
        return std::nullopt;
    std::vector<int> thickness;
    for (std::size_t x = 0; x < feet.size(); ++x)
        if (line.near(feet[x], double(x), height))
            thickness.push_back(feet[x].thickness());
    if (thickness.empty())
        return std::nullopt;
    line.thickness = median(thickness);
    for (int x = 0, from = 0; x <= ink.cols; ++x) {
        if (x == ink.cols ||
            !(line.holds(feet[static_cast<std::size_t>(x)], x) || line.crosses(ink, x))) {
            if (x - from > line.to - line.from)
                line.from = from, line.to = x;
            from = x + 1;
        }
    }
    int held = 0;
    for (int x = line.from; x < line.to; ++x)
        held += line.holds(feet[static_cast<std::size_t>(x)], x);
    line.held = held / double(std::max(1, line.to - line.from));
    return line;
}

// Takes `line`'s stroke off `ink`: where the line holds a column's foot, the foot's lowest
// `thickness` rows and one more (a digit touching it from above keeps the rest), elsewhere the
// rows round its middle. Returns the mask of the pixels taken.
cv::Mat takeOffFootLine(cv::Mat& ink, const std::vector<Foot>& feet, const FootLine& line)
{
    cv::Mat taken = cv::Mat::zeros(ink.size(), CV_8UC1);
    const int half = line.thickness / 2 + 1;
    for (int x = line.from; x < line.to; ++x) {
        const Foot& foot = feet[static_cast<std::size_t>(x)];
        const bool held = line.holds(foot, x);
        const int middle = cvRound(line.at(x));
        const int top = std::max(0, held ? foot.bottom - line.thickness : middle - half);
        const int bottom = std::min(ink.rows - 1, held ? foot.bottom : middle + half);
        for (int y = top; y <= bottom; ++y) {
            ink.at<uchar>(y, x) = 0;
            taken.at<uchar>(y, x) = 255;
        }
    }
    return taken;
}

// The parts of `piece` left once `taken` is off its ink, as pieces numbered from `whole` on;
// crumbs of the line (parts within two pixels of what was taken) are left out.
std::vector<Piece> partsLeft(const Piece& piece, const cv::Mat& taken, int& whole)
{
    cv::Mat labels, near;
    const int parts = cv::connectedComponents(piece.ink > 0, labels, 8, CV_32S);
    cv::dilate(taken, near, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
    std::vector<Piece> left;
    for (int part = 1; part < parts; ++part) {
        const cv::Mat own = labels == part;
        if (cv::countNonZero(own & ~near) == 0)
            continue;
        const cv::Rect box = cv::boundingRect(own);
        cv::Mat ink = cv::Mat::zeros(box.size(), CV_8UC1);
        piece.ink(box).copyTo(ink, own(box));
        left.push_back({box + piece.box.tl(), ink, whole++});
    }
    return left;
}

// A line through the feet of `piece` (by its `feet`) that is drawn under the writing: at least
// `longest` long, holding the foot in kTouchingHeld of its columns, at most kUnderlineRise heights
// above the band's bottom, and no side of a box (a piece whose head, its top run of ink in each
// column, lies along a line as long and as straight, at least kBoxHeight heights higher, is a
// box, as on a form).
std::optional<FootLine> underlineAlong(const Piece& piece, const std::vector<Foot>& feet,
                                       const Pieces& line, double longest)
{
    const std::optional<FootLine> foot = footLineOf(piece.ink, feet, line.height, longest);
    if (!foot || foot->to - foot->from < longest || foot->held < kTouchingHeld)
        return std::nullopt;
    const double middle = (foot->from + foot->to) / 2.0;
    if (piece.box.y + foot->at(middle) <
        line.bottomAt(piece.box.x + middle) - kUnderlineRise * line.height)
        return std::nullopt;
    cv::Mat upsideDown;
    cv::flip(piece.ink, upsideDown, 0);
    const std::optional<FootLine> head =
        footLineOf(upsideDown, feetOf(upsideDown), line.height, longest);
    const bool box =
        head && head->to - head->from >= longest && head->held >= kTouchingHeld &&
        foot->at(middle) - (piece.ink.rows - 1 - head->at(middle)) >= kBoxHeight * line.height;
    if (box)
        return std::nullopt;
    return foot;
}

// Takes off `found` the lines drawn under the writing that touch it (one component with digits,
// by pixels) or cross its pieces' boxes (by strokes), which underline() does not take
// (underlineAlong(); the pieces underline() takes are left to it): at least kTouchingLength
// heights and kTouchingWidth of the writing's width long. The pieces such a line was part of are
// split into what is left of them. Returns whether a line was taken; none is when nothing would
// be left.
bool takeOffTouchingUnderlines(std::vector<Piece>& found, const Pieces& line)
{
    cv::Rect writing;
    int whole = 0;
    for (const Piece& p : found) {
        writing |= p.box;
        whole = std::max(whole, p.whole + 1);
    }
    const double longest = std::max(kTouchingLength * line.height, kTouchingWidth * writing.width);
    std::vector<Piece> out;
    bool taken = false;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const Piece& piece = found[i];
        std::vector<Foot> feet;
        std::optional<FootLine> foot;
        if (piece.box.width >= longest && !underline(found, i, line)) {
            feet = feetOf(piece.ink);
            foot = underlineAlong(piece, feet, line, longest);
        }
        if (!foot) {
            out.push_back(piece);
            continue;
        }
        Piece rest{piece.box, piece.ink.clone(), piece.whole, piece.cutPens};
        const cv::Mat off = takeOffFootLine(rest.ink, feet, *foot);
        for (Piece& part : partsLeft(rest, off, whole))
            out.push_back(std::move(part));
        taken = true;
    }
    if (!taken || out.empty())
        return false;
    found = std::move(out);
    return true;
}

// Whether the ink of `ring` (its pixels at `origin` in the drawing) lies round `centre` on all
// sides: in at least kRingCover of kRingSectors equal sectors of directions from it.
bool surrounds(const cv::Mat& ring, cv::Point origin, cv::Point2d centre)
{
    std::vector<bool> sectors(kRingSectors, false);
    for (int y = 0; y < ring.rows; ++y)
        for (int x = 0; x < ring.cols; ++x)
            if (ring.at<uchar>(y, x)) {
                const double angle = std::atan2(origin.y + y - centre.y, origin.x + x - centre.x);
                const int sector = static_cast<int>((angle + CV_PI) / (2 * CV_PI) * kRingSectors);
                sectors[std::size_t(std::min(sector, kRingSectors - 1))] = true;
            }
    return std::count(sectors.begin(), sectors.end(), true) >= kRingCover * kRingSectors;
}

// Whether `ink` (bright on 0) has a hole round `point` (in its own pixels): paper there that the
// paper round the ink does not reach. A ring round one such loop is a drawing (an eye, a target),
// not a number circled.
bool holeAround(const cv::Mat& ink, cv::Point point)
{
    if (!cv::Rect(0, 0, ink.cols, ink.rows).contains(point) || ink.at<uchar>(point))
        return false;
    cv::Mat paper;
    cv::copyMakeBorder(ink == 0, paper, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(255));
    cv::floodFill(paper, cv::Point(0, 0), cv::Scalar(0));
    return paper.at<uchar>(point + cv::Point(1, 1)) != 0;
}

// The middle of `box`: less kRingEdge of its width and height on each side.
cv::Rect middleOf(const cv::Rect& box)
{
    const int dx = cvCeil(kRingEdge * box.width), dy = cvCeil(kRingEdge * box.height);
    return {box.x + dx, box.y + dy, std::max(0, box.width - 2 * dx),
            std::max(0, box.height - 2 * dy)};
}

// Whether piece `i` is a ring drawn round the writing (the number circled, or boxed by hand):
// every other piece lies inside its box, together at least kRingContent of its height tall; none
// of its ink lies in the middle of its box (middleOf()), and it surrounds the writing's centre
// (surrounds()).
bool ringAround(const std::vector<Piece>& found, std::size_t i, double pen)
{
    const Piece& ring = found[i];
    cv::Rect writing;
    for (std::size_t j = 0; j < found.size(); ++j)
        if (j != i)
            writing |= found[j].box;
    if (writing.empty() || (writing & ring.box) != writing ||
        writing.height < std::max(kRingContent * ring.box.height, kWritingHeight * pen))
        return false;
    const cv::Rect middle = middleOf(ring.box);
    const cv::Point centre = (ring.box.tl() + ring.box.br()) / 2;
    const Piece& first = found[i == 0 ? 1 : 0];
    return !middle.empty() && cv::countNonZero(ring.ink(middle - ring.box.tl())) == 0 &&
           surrounds(ring.ink, ring.box.tl(), (writing.tl() + writing.br()) / 2) &&
           !(found.size() == 2 && holeAround(first.ink, centre - first.box.tl()));
}

// `found` without the rings drawn round the writing (ringAround()), outermost first.
std::vector<Piece> withoutRings(std::vector<Piece> found, double pen)
{
    for (bool dropped = true; dropped && found.size() > 1;) {
        dropped = false;
        for (std::size_t i = 0; i < found.size() && !dropped; ++i)
            if (ringAround(found, i, pen)) {
                found.erase(found.begin() + static_cast<std::ptrdiff_t>(i));
                dropped = true;
            }
    }
    return found;
}

// The centres of the pieces' boxes.
std::vector<cv::Point2d> centresOf(const std::vector<const Piece*>& pieces)
{
    std::vector<cv::Point2d> centres;
    for (const Piece* p : pieces)
        centres.emplace_back(p->box.x + p->box.width / 2.0, p->box.y + p->box.height / 2.0);
    return centres;
}

// The slope of a line written on a slope, from the centres of its tall pieces: the median of
// the slopes between those at least half the tallest piece's height apart (Theil and Sen's
// estimate, which a digit above or below the others does not sway); 0 for fewer than
// kSlopePieces pieces, and at most kSlope either way.
double slopeOf(const std::vector<cv::Point2d>& centres, int tallest)
{
    if (centres.size() < kSlopePieces)
        return 0;
    std::vector<double> slopes;
    for (std::size_t i = 0; i < centres.size(); ++i)
        for (std::size_t j = i + 1; j < centres.size(); ++j) {
            const double dx = centres[j].x - centres[i].x;
            if (std::abs(dx) >= 0.5 * tallest)
                slopes.push_back((centres[j].y - centres[i].y) / dx);
        }
    if (slopes.size() < kSlopePieces)
        return 0;
    return std::clamp(median(slopes), -kSlope, kSlope);
}

// The dots of dot-grid paper, printed at even spacing under the writing.
struct DotGrid {
    std::vector<std::size_t> dots;     // the components that are dots
    std::vector<double> rows, columns; // where the dots lie, down and across
    double side = 0;                   // a dot's box, across its larger side
};

// Values within `tolerance` of their neighbours merged into one, their mean.
std::vector<double> clustered(std::vector<double> values, double tolerance)
{
    std::sort(values.begin(), values.end());
    std::vector<double> out;
    std::size_t first = 0;
    for (std::size_t i = 1; i <= values.size(); ++i)
        if (i == values.size() || values[i] - values[i - 1] > tolerance) {
            double sum = 0;
            for (std::size_t k = first; k < i; ++k)
                sum += values[k];
            out.push_back(sum / double(i - first));
            first = i;
        }
    return out;
}

// Whether `x` lies within `tolerance` of one of `lines`.
bool onOneOf(const std::vector<double>& lines, double x, double tolerance)
{
    return std::any_of(lines.begin(), lines.end(),
                       [&](double line) { return std::abs(x - line) <= tolerance; });
}

// The spacing of a grid of `points`: the median distance from each to its nearest.
double spacingOf(const std::vector<cv::Point2d>& points)
{
    std::vector<double> nearest;
    for (const cv::Point2d& a : points) {
        double least = std::numeric_limits<double>::infinity();
        for (const cv::Point2d& b : points)
            if (&a != &b)
                least = std::min(least, cv::norm(a - b));
        nearest.push_back(least);
    }
    return median(nearest);
}

// Whether two of `points` lie `spacing` (give or take kGridTolerance of it) from `a`, on
// opposite sides of it (a row or column of dots) or at a right angle (a corner of the grid): a
// point off the grid has some at that distance too, but not so placed.
bool spacedAsAGrid(const cv::Point2d& a, const std::vector<cv::Point2d>& points, double spacing)
{
    const double tolerance = kGridTolerance * spacing;
    std::vector<cv::Point2d> near;
    for (const cv::Point2d& b : points)
        if (std::abs(cv::norm(b - a) - spacing) <= tolerance)
            near.push_back(b - a);
    for (std::size_t i = 0; i < near.size(); ++i)
        for (std::size_t j = i + 1; j < near.size(); ++j)
            if (cv::norm(near[i] + near[j]) <= tolerance ||
                std::abs(near[i].dot(near[j])) <= tolerance * spacing)
                return true;
    return false;
}

// The grid of dots among the components (by their boxes): the small marks spaced as a grid's
// dots (spacedAsAGrid(); a speck of dust or a decimal point is not), then the small marks as
// large as those in one of their rows and one of their columns (a dot whose neighbours touch
// the writing). Empty unless there are at least kGridDots of the first kind and they are half
// of the small marks.
DotGrid dotGridOf(const std::vector<cv::Rect>& boxes, double pen)
{
    std::vector<std::size_t> small;
    std::vector<cv::Point2d> centres;
    for (std::size_t i = 0; i < boxes.size(); ++i)
        if (std::max(boxes[i].width, boxes[i].height) <= kGridDot * pen) {
            small.push_back(i);
            centres.emplace_back(boxes[i].x + boxes[i].width / 2.0,
                                 boxes[i].y + boxes[i].height / 2.0);
        }
    if (small.size() < kGridDots || small.size() > kGridMarks)
        return {};
    const double spacing = spacingOf(centres), tolerance = kGridTolerance * spacing;
    if (spacing < 2 * kGridDot * pen) // marks that close are a stroke broken up
        return {};
    auto sideOf = [&](std::size_t i) { return std::max(boxes[i].width, boxes[i].height); };
    DotGrid grid;
    std::vector<double> xs, ys;
    std::vector<int> sides;
    std::vector<bool> spaced(small.size());
    for (std::size_t k = 0; k < small.size(); ++k)
        if ((spaced[k] = spacedAsAGrid(centres[k], centres, spacing))) {
            grid.dots.push_back(small[k]);
            xs.push_back(centres[k].x);
            ys.push_back(centres[k].y);
            sides.push_back(sideOf(small[k]));
        }
    if (grid.dots.size() < kGridDots || 2 * grid.dots.size() < small.size())
        return {};
    grid.columns = clustered(xs, tolerance);
    grid.rows = clustered(ys, tolerance);
    grid.side = median(sides);
    for (std::size_t k = 0; k < small.size(); ++k)
        if (!spaced[k] &&
            std::abs(sideOf(small[k]) - grid.side) <= kGridTolerance * grid.side + 1 &&
            onOneOf(grid.columns, centres[k].x, tolerance) &&
            onOneOf(grid.rows, centres[k].y, tolerance))
            grid.dots.push_back(small[k]);
    return grid;
}

// Clears the grid's dots from `mask`, whose components have `outlines`; then, at each crossing
// of the grid's rows and columns, ink that fits in a dot's box and stands clear of all other
// ink (a dot inside a digit's loop, which is no component of its own).
void clearDotGrid(cv::Mat& mask, const DotGrid& grid,
                  const std::vector<std::vector<cv::Point>>& outlines)
{
    for (std::size_t i : grid.dots)
        cv::drawContours(mask, outlines, static_cast<int>(i), cv::Scalar(0), cv::FILLED);
    const int inner = static_cast<int>(std::ceil(grid.side / 2)) + 1, outer = inner + 2;
    const cv::Rect all(0, 0, mask.cols, mask.rows);
    for (const double y : grid.rows)
        for (const double x : grid.columns) {
            const cv::Point c(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)));
            const cv::Rect dot =
                cv::Rect(c.x - inner, c.y - inner, 2 * inner + 1, 2 * inner + 1) & all;
            const cv::Rect around =
                cv::Rect(c.x - outer, c.y - outer, 2 * outer + 1, 2 * outer + 1) & all;
            if (dot.empty())
                continue;
            const int inside = cv::countNonZero(mask(dot));
            if (inside > 0 && cv::countNonZero(mask(around)) == inside)
                mask(dot).setTo(0);
        }
}

// Outline `i` of `outlines` filled, in its bounding box `box`: what lies inside it.
cv::Mat insideOutline(const std::vector<std::vector<cv::Point>>& outlines, std::size_t i,
                      const cv::Rect& box)
{
    cv::Mat inside = cv::Mat::zeros(box.size(), CV_8UC1);
    cv::drawContours(inside, outlines, static_cast<int>(i), cv::Scalar(255), cv::FILLED, cv::LINE_8,
                     cv::noArray(), INT_MAX, -box.tl());
    return inside;
}

// One pixel of every block of `size` pixels of `image`.
cv::Mat sampled(const cv::Mat& image, int size)
{
    cv::Mat samples;
    cv::resize(image, samples, {(image.cols + size - 1) / size, (image.rows + size - 1) / size}, 0,
               0, cv::INTER_NEAREST);
    return samples;
}

// Adds to `mask` (the ink above a share of `darkest`) the writing in `ink` much fainter than
// the darkest but above `faint`: a digit written lightly, a stroke's faded part, thin strokes
// whose mask broke into specks. The halo of the strong ink (above kFaintCore of the darkest;
// within kFaintHalo of the mask's pen) is passed over; beyond it, faint ink kept are the
// components that go on from it for at least kFaintReach pens and those apart from it at least
// kFaintSize of the mask's height tall or wide, with strokes of at least kFaintPen of its pen,
// each joined to the ink it comes from and raised to `darkest`, so that it is read as the rest
// is. `largestPen`, the pen of the largest component, sizes a quick look for such ink first.
// Returns whether any was added.
bool addFaintWriting(cv::Mat ink, cv::Mat mask, double faint, double darkest, double largestPen)
{
    // A pixel of every block of a halo's width tells, at a small share of the cost, whether any
    // faint ink lies well beyond the halo, as the faint ink kept does; most images hold none.
    const cv::Mat samples = sampled(ink, std::max(1, cvRound(kFaintHalo * largestPen)));
    const double core = kFaintCore * darkest;
    cv::Mat nearStrong;
    cv::dilate(samples > core, nearStrong, cv::Mat());
    if (cv::countNonZero((samples > faint) & ~nearStrong) == 0)
        return false;
    const double pen = penWidth(mask);
    const int reach = std::max(1, cvRound(kFaintHalo * pen));
    const cv::Mat disc =
        cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * reach + 1, 2 * reach + 1});
    const cv::Mat low = ink > faint;
    cv::Mat halo;
    cv::dilate(ink > core, halo, disc);
    std::vector<std::vector<cv::Point>> outlines;
    cv::findContours(low & ~halo, outlines, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    const double apart = kFaintSize * cv::boundingRect(mask).height, along = kFaintReach * pen;
    const cv::Rect whole(0, 0, ink.cols, ink.rows);
    cv::Mat kept = cv::Mat::zeros(ink.size(), CV_8UC1);
    bool added = false;
    for (std::size_t i = 0; i < outlines.size(); ++i) {
        const cv::Rect box = cv::boundingRect(outlines[i]);
        const cv::Rect around = (box + cv::Size(2, 2) - cv::Point(1, 1)) & whole;
        const bool attached = cv::countNonZero(halo(around) & low(around)) > 0;
        if (std::max(box.width, box.height) < (attached ? along : apart))
            continue;
        const cv::Mat part = insideOutline(outlines, i, box) & low(box);
        if (penWidth(part) < kFaintPen * pen)
            continue; // a paper line's remains, noise along a stroke
        kept(box) |= part;
        added = true;
        double peak = 0;
        cv::minMaxLoc(ink(box), nullptr, &peak, nullptr, nullptr, part);
        cv::Mat raised;
        ink(box).convertTo(raised, CV_8U, darkest / std::max(peak, faint));
        raised.copyTo(ink(box), part);
    }
    if (!added)
        return false;
    cv::Mat joins;
    cv::dilate(kept, joins, disc);
    mask |= kept | (joins & low);
    return true;
}

// The measures of the line the pieces are written on: a digit's height, the band and its slope,
// from the tall pieces.
Pieces lineOf(const std::vector<Piece>& found)
{
    int tallest = 0;
    for (const Piece& p : found)
        tallest = std::max(tallest, p.box.height);
    std::vector<const Piece*> tall;
    for (const Piece& p : found)
        if (p.box.height >= kTall * tallest)
            tall.push_back(&p);
    Pieces out;
    const std::vector<cv::Point2d> centres = centresOf(tall);
    std::vector<double> xs;
    for (const cv::Point2d& c : centres)
        xs.push_back(c.x);
    out.centre = median(xs);
    out.slope = slopeOf(centres, tallest);
    std::vector<double> heights, tops, bottoms;
    for (std::size_t i = 0; i < tall.size(); ++i) {
        const double shift = out.slope * (centres[i].x - out.centre);
        heights.push_back(tall[i]->box.height);
        tops.push_back(tall[i]->box.y - shift);
        bottoms.push_back(tall[i]->box.y + tall[i]->box.height - shift);
    }
    out.height = median(heights);
    out.top = median(tops);
    out.bottom = median(bottoms);
    return out;
}

// The affine map that turns a drawing by `turn` radians about `pivot`: a line rising or falling
// by tan(turn) pixels per column comes out level.
cv::Matx23d levelling(double turn, cv::Point2d pivot)
{
    const double c = std::cos(turn), s = std::sin(turn);
    return {c, s, pivot.x - c * pivot.x - s * pivot.y, -s, c, pivot.y + s * pivot.x - c * pivot.y};
}

// The bounding box of `box` mapped by `map`.
cv::Rect mappedBox(const cv::Rect& box, const cv::Matx23d& map)
{
    std::vector<cv::Point2f> corners;
    for (const cv::Point2d corner :
         {cv::Point2d(box.x, box.y), cv::Point2d(box.x + box.width, box.y),
          cv::Point2d(box.x, box.y + box.height),
          cv::Point2d(box.x + box.width, box.y + box.height)})
        corners.emplace_back(map * cv::Vec3d(corner.x, corner.y, 1));
    return cv::boundingRect(corners);
}

// `piece` turned by `map`, its box the turned ink's; nothing where no ink is left.
std::optional<Piece> turnedPiece(const Piece& piece, const cv::Matx23d& map)
{
    const cv::Rect box = mappedBox(piece.box, map) + cv::Size(1, 1);
    // From the piece's own pixels to the turned box's.
    cv::Matx23d local = map;
    local(0, 2) += map(0, 0) * piece.box.x + map(0, 1) * piece.box.y - box.x;
    local(1, 2) += map(1, 0) * piece.box.x + map(1, 1) * piece.box.y - box.y;
    cv::Mat ink;
    cv::warpAffine(piece.ink, ink, cv::Mat(local), box.size(), cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT, 0);
    const cv::Rect kept = cv::boundingRect(ink);
    if (kept.empty())
        return std::nullopt;
    return Piece{kept + box.tl(), ink(kept).clone(), piece.whole, piece.cutPens};
}

// The pieces of `found` as `line` reads them: underlines dropped, wide pieces sliced, ordered by
// the x of their centres.
std::vector<Piece> slicedOnLine(std::vector<Piece> found, const Pieces& line, double pen)
{
    for (std::size_t i = found.size(); i-- > 0;)
        if (underline(found, i, line))
            found.erase(found.begin() + static_cast<std::ptrdiff_t>(i));
    std::vector<Piece> out = sliceWide(std::move(found), line.height, pen);
    std::stable_sort(out.begin(), out.end(), [](const Piece& a, const Piece& b) {
        return 2 * a.box.x + a.box.width < 2 * b.box.x + b.box.width;
    });
    return out;
}

// Leaves out a ring round the writing, measures the line, turns it level when it is written on a
// slope steeper than kLevelSlope, takes off an underline that runs into the digits (and measures
// the line again), slices the wide pieces and orders them: the stages every drawing's pieces go
// through, whichever route found them. A line written with a marker's pen (isMarkerPen) is read as
// soft ink is, its strokes kept as they are.
Pieces finish(std::vector<Piece> found, double pen)
{
    if (found.empty())
        throw Error("nothing drawn");
    if (found.size() > kMaxPieces)
        throw Error("too many separate marks to be a number");
    found = withoutRings(std::move(found), pen);
    Pieces out = lineOf(found);
    if (std::abs(out.slope) > kLevelSlope) {
        const double turn = std::atan(out.slope);
        const cv::Point2d pivot(out.centre, (out.top + out.bottom) / 2);
        const cv::Matx23d map = levelling(turn, pivot);
        std::vector<Piece> level;
        for (const Piece& p : found)
            if (std::optional<Piece> t = turnedPiece(p, map))
                level.push_back(std::move(*t));
        found = std::move(level);
        out = lineOf(found);
        out.turn = turn;
        out.pivot = pivot;
    }
    if (takeOffTouchingUnderlines(found, out)) {
        const double turn = out.turn;
        const cv::Point2d pivot = out.pivot;
        out = lineOf(found);
        out.turn = turn;
        out.pivot = pivot;
    }
    out.pen = pen;
    out.soft = isMarkerPen(pen, out.height);
    out.pieces = slicedOnLine(std::move(found), out, pen);
    return out;
}

// How far `p` lies from the segment from `a` to `b`.
double distanceToSegment(cv::Point p, cv::Point a, cv::Point b)
{
    const cv::Point2d ab = b - a, ap = p - a;
    const double length = ab.dot(ab);
    const double t = length > 0 ? std::clamp(ap.dot(ab) / length, 0.0, 1.0) : 0.0;
    return cv::norm(ap - t * ab);
}

// The points of `line` that the segments between them keep within `tolerance` of every point
// passed over (Douglas and Peucker's simplification, measured to segments, so that a stroke
// that comes back to where it began keeps its far end). The first and last are always kept.
std::vector<cv::Point> simplified(const std::vector<cv::Point>& line, double tolerance)
{
    std::vector<bool> keep(line.size(), false);
    keep.front() = keep.back() = true;
    std::vector<std::pair<std::size_t, std::size_t>> spans = {{0, line.size() - 1}};
    while (!spans.empty()) {
        const auto [a, b] = spans.back();
        spans.pop_back();
        double worst = tolerance;
        std::size_t at = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double d = distanceToSegment(line[i], line[a], line[b]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        if (at != a) {
            keep[at] = true;
            spans.push_back({a, at});
            spans.push_back({at, b});
        }
    }
    std::vector<cv::Point> out;
    for (std::size_t i = 0; i < line.size(); ++i)
        if (keep[i])
            out.push_back(line[i]);
    return out;
}

// Draws `stroke` into `ink` (whose top left is `origin` in the stroke's pixels) as the canvas
// draws it: a round, antialiased pen of the width at each point. Where the width stays the same,
// points within kStrokeTolerance of the segments between the points kept are passed over: the
// mouse records one every few pixels, and each segment is a polygon and two discs to fill.
void drawStroke(cv::Mat& ink, const PenStroke& stroke, cv::Point origin)
{
    // Fixed-point coordinates (4 fractional bits), as the canvas draws between pixels.
    constexpr int shift = 4, one = 1 << shift;
    auto at = [&origin](const cv::Point2f& p) {
        return cv::Point(static_cast<int>(std::lround((p.x - float(origin.x)) * one)),
                         static_cast<int>(std::lround((p.y - float(origin.y)) * one)));
    };
    auto widthAt = [&stroke](std::size_t i) {
        return std::max(1, static_cast<int>(std::lround(stroke.widths[i])));
    };
    cv::circle(ink, at(stroke.points[0]), widthAt(0) * one / 2, cv::Scalar(255), cv::FILLED,
               cv::LINE_AA, shift);
    // Runs of segments drawn with one width; segment i ends at point i and takes its width.
    for (std::size_t first = 1; first < stroke.points.size();) {
        const int width = widthAt(first);
        std::size_t end = first;
        while (end < stroke.points.size() && widthAt(end) == width)
            ++end;
        std::vector<cv::Point> line;
        for (std::size_t i = first - 1; i < end; ++i)
            line.push_back(at(stroke.points[i]));
        const std::vector<cv::Point> kept = simplified(line, kStrokeTolerance * one);
        for (std::size_t i = 1; i < kept.size(); ++i)
            cv::line(ink, kept[i - 1], kept[i], cv::Scalar(255), width, cv::LINE_AA, shift);
        first = end;
    }
}

// How many rows of `mask` (columns, when `columns`) from `from` on, in steps of `step`, are
// ink over kFrameInk of their length, up to `most`.
int frameLines(const cv::Mat& mask, bool columns, int from, int step, int most)
{
    const int count = columns ? mask.cols : mask.rows;
    const int length = columns ? mask.rows : mask.cols;
    int lines = 0;
    for (int i = from; lines < most && i >= 0 && i < count; i += step, ++lines)
        if (cv::countNonZero(columns ? mask.col(i) : mask.row(i)) < kFrameInk * length)
            break;
    return lines;
}

// Clears from `mask` and `ink` the walls between the boxes of a row of boxes printed inside a
// box (a form's comb field, `inside` the box whose sides are `side` pixels thick): runs of
// columns ink over kFrameInk of the box's height and at most twice as thick as its sides, with
// a pixel beside them.
void clearCombWalls(cv::Mat& mask, cv::Mat& ink, const cv::Rect& inside, int side)
{
    cv::Mat field = mask(inside), fieldInk = ink(inside);
    const double full = kFrameInk * field.rows;
    for (int x = 0; x < field.cols;) {
        int end = x;
        while (end < field.cols && cv::countNonZero(field.col(end)) >= full)
            ++end;
        if (end == x) {
            ++x;
            continue;
        }
        if (end - x <= 2 * side) {
            const cv::Range wall(std::max(0, x - 1), std::min(field.cols, end + 1));
            field.colRange(wall).setTo(0);
            fieldInk.colRange(wall).setTo(0);
        }
        x = end;
    }
}

// What lies inside a box printed or ruled around the writing (a form's field), whose four
// sides are the rows and columns along the ink's box that are ink over kFrameInk of their
// length, when something is written inside it; else the whole of `mask`. The box, and the
// walls of a row of boxes inside it (clearCombWalls()), are cleared from `mask`, so that the
// writing is read alone.
cv::Rect insideFrame(cv::Mat& mask, cv::Mat& ink)
{
    const cv::Rect all(0, 0, mask.cols, mask.rows);
    const int most = std::min(mask.rows, mask.cols) / 4;
    const int top = frameLines(mask, false, 0, 1, most);
    if (top == 0)
        return all;
    const int bottom = frameLines(mask, false, mask.rows - 1, -1, most);
    const int left = frameLines(mask, true, 0, 1, most);
    const int right = frameLines(mask, true, mask.cols - 1, -1, most);
    if (bottom == 0 || left == 0 || right == 0)
        return all;
    const cv::Rect inside(left, top, mask.cols - left - right, mask.rows - top - bottom);
    if (inside.width <= 0 || inside.height <= 0 || cv::countNonZero(mask(inside)) == 0)
        return all;
    clearCombWalls(mask, ink, inside, std::max(left, right));
    cv::Mat kept = cv::Mat::zeros(mask.size(), CV_8UC1);
    mask(inside).copyTo(kept(inside));
    mask = kept;
    return inside;
}

// The connected components of an ink mask, each by its outer outline (several times faster
// than labelling every pixel; ink inside a component's holes counts as that component's).
struct Components {
    std::vector<std::vector<cv::Point>> outlines;
    std::vector<cv::Rect> boxes;
};

Components componentsOf(const cv::Mat& mask)
{
    Components c;
    cv::findContours(mask, c.outlines, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    for (const auto& outline : c.outlines)
        c.boxes.push_back(cv::boundingRect(outline));
    return c;
}

// The component with the largest outline.
std::size_t largestOf(const Components& c)
{
    std::size_t largest = 0;
    for (std::size_t i = 1; i < c.outlines.size(); ++i)
        if (cv::contourArea(c.outlines[i]) > cv::contourArea(c.outlines[largest]))
            largest = i;
    return largest;
}

// The parts of `mask` labelled in `labels` (of `parts` labels, 0 the paper) as pieces at
// `origin`, part `first` first: each part's pixels, bright on 0.
std::vector<Piece> piecesOfLabels(const cv::Mat& labels, int parts, int first, cv::Point origin)
{
    std::vector<Piece> found;
    for (int part = 0; part < parts; ++part) {
        const int label = part == 0 ? first : part == first ? 0 : part;
        if (label == 0)
            continue;
        const cv::Mat own = labels == label;
        const cv::Rect box = cv::boundingRect(own);
        found.push_back({box + origin, own(box).clone(), label});
    }
    return found;
}

// Takes a ring drawn round the writing (the number circled, or boxed by hand) off `mask` and
// `ink`, with the soft edge of its stroke. The ring is the component with the largest box, when
// that box holds every other component's, its outline keeps off the middle of its box and ink
// lies there; a closed ring holds the writing in its holes, so its pixels are told from the
// writing's by labelling them, and then judged as the pieces of strokes are (ringAround()).
// Returns whether there was one.
bool takeOffRing(cv::Mat& mask, cv::Mat& ink, const Components& c)
{
    if (c.boxes.empty())
        return false;
    const std::size_t i = static_cast<std::size_t>(
        std::max_element(c.boxes.begin(), c.boxes.end(),
                         [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); }) -
        c.boxes.begin());
    const cv::Rect& box = c.boxes[i];
    const cv::Rect middle = middleOf(box);
    if (middle.empty() || cv::countNonZero(mask(middle)) == 0)
        return false;
    for (const cv::Rect& other : c.boxes)
        if ((other & box) != other)
            return false;
    for (const cv::Point& p : c.outlines[i])
        if (middle.contains(p))
            return false;
    cv::Mat labels;
    const int parts = cv::connectedComponents(mask(box), labels, 8, CV_32S);
    const int ring = labels.at<int>(c.outlines[i].front() - box.tl());
    const std::vector<Piece> found = piecesOfLabels(labels, parts, ring, box.tl());
    const cv::Mat own = labels == ring;
    const double pen = penWidth(own);
    if (!ringAround(found, 0, pen))
        return false;
    const int reach = cvCeil(pen);
    cv::Mat edge;
    cv::dilate(own, edge,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * reach + 1, 2 * reach + 1}));
    edge &= ~((labels != ring) & (mask(box) > 0));
    mask(box).setTo(0, edge);
    ink(box).setTo(0, edge);
    return true;
}

// Component `i` as a piece of the drawing (`ink` and `mask` cropped at `origin`): the ink in
// its box is its own (or in its holes) unless another component's box reaches into it; then
// only the ink inside its outline is.
Piece pieceOf(const Components& c, std::size_t i, const cv::Mat& ink, const cv::Mat& mask,
              cv::Point origin)
{
    const cv::Rect& box = c.boxes[i];
    Piece piece{box + origin, cv::Mat::zeros(box.size(), CV_8UC1), static_cast<int>(i)};
    const bool alone = std::none_of(c.boxes.begin(), c.boxes.end(), [&](const cv::Rect& other) {
        return &other != &box && (other & box).area() > 0;
    });
    if (alone)
        ink(box).copyTo(piece.ink, mask(box));
    else
        ink(box).copyTo(piece.ink, insideOutline(c.outlines, i, box) & mask(box));
    return piece;
}

// The components as pieces, specks (under kSpeck pens) left out; `made`, when given, is the
// piece of component `made->whole` made already. Throws dwn::Error for more than kMaxPieces.
std::vector<Piece> piecesOfComponents(const Components& c, const cv::Mat& ink, const cv::Mat& mask,
                                      cv::Point origin, double pen, std::optional<Piece> made)
{
    if (c.outlines.size() > 4 * kMaxPieces) // specks included; the rest is judged below
        throw Error("too many separate marks to be a number");
    std::vector<Piece> found;
    for (std::size_t i = 0; i < c.outlines.size(); ++i) {
        if (std::max(c.boxes[i].width, c.boxes[i].height) < kSpeck * pen)
            continue;
        Piece piece = made && i == static_cast<std::size_t>(made->whole)
                          ? std::move(*made)
                          : pieceOf(c, i, ink, mask, origin);
        if (cv::countNonZero(piece.ink) < 3)
            continue;
        if (found.size() == kMaxPieces)
            throw Error("too many separate marks to be a number");
        found.push_back(std::move(piece));
    }
    return found;
}

} // namespace

Pieces piecesOfImage(const cv::Mat& image)
{
    // Only the box of the ink is looked at: most of a canvas is empty paper.
    const InkCrop crop = inkCrop(image, kFaintShare);
    if (crop.box.empty())
        throw Error("nothing drawn");
    cv::Mat ink = crop.ink;
    cv::Mat mask;
    const double strong = std::max(kMinInkContrast / 2.0, kMaskShare * crop.darkest);
    cv::threshold(ink, mask, strong, 255, cv::THRESH_BINARY);
    const cv::Rect writing = insideFrame(mask, ink);
    Components components = componentsOf(mask);
    if (takeOffRing(mask, ink, components))
        components = componentsOf(mask);
    // The pen is measured on the largest component; specks are judged against it.
    std::optional<Piece> largestPiece =
        pieceOf(components, largestOf(components), ink, mask, crop.box.tl());
    const double pen = penWidth(largestPiece->ink > 0);
    const double faint = std::max<double>(kMinInkContrast, kFaintShare * crop.darkest);
    if (faint < strong && addFaintWriting(ink(writing), mask(writing), faint, crop.darkest, pen)) {
        components = componentsOf(mask);
        largestPiece.reset(); // its index is another component's now
    }
    const DotGrid grid = dotGridOf(components.boxes, pen);
    if (!grid.dots.empty()) { // dot-grid paper: its dots taken off, the writing found again
        clearDotGrid(mask, grid, components.outlines);
        components = componentsOf(mask);
        largestPiece.reset();
    }
    Pieces pieces = finish(
        piecesOfComponents(components, ink, mask, crop.box.tl(), pen, std::move(largestPiece)),
        pen);
    pieces.soft =
        pieces.soft || isSoftInk(ink(writing), crop.darkest) ||
        (isScannedPen(pieces.pen, pieces.height) && isBinaryInk(ink(writing), crop.darkest));
    return pieces;
}

Pieces piecesOfStrokes(const std::vector<PenStroke>& strokes, cv::Size size)
{
    const cv::Rect canvas({0, 0}, size);
    std::vector<Piece> found;
    std::vector<float> widths;
    for (const PenStroke& stroke : strokes) {
        if (stroke.points.empty() || stroke.widths.size() != stroke.points.size())
            continue;
        const float widest = *std::max_element(stroke.widths.begin(), stroke.widths.end());
        const int reach = static_cast<int>(std::ceil(widest / 2)) + 2;
        const cv::Rect around = cv::Rect(cv::boundingRect(stroke.points)) + cv::Size(1, 1);
        const cv::Rect box = cv::Rect(around.x - reach, around.y - reach, around.width + 2 * reach,
                                      around.height + 2 * reach) &
                             canvas;
        if (box.empty())
            continue;
        cv::Mat ink = cv::Mat::zeros(box.size(), CV_8UC1);
        drawStroke(ink, stroke, box.tl());
        const cv::Rect kept = cv::boundingRect(ink > kMinInkContrast);
        if (kept.empty())
            continue;
        found.push_back({kept + box.tl(), ink(kept).clone(), static_cast<int>(found.size())});
        widths.insert(widths.end(), stroke.widths.begin(), stroke.widths.end());
    }
    if (found.size() > kMaxPieces)
        throw Error("too many separate marks to be a number");
    return finish(std::move(found), widths.empty() ? 1.0 : std::max(1.0f, median(widths)));
}

cv::Rect Pieces::inDrawing(const cv::Rect& box) const
{
    return turn == 0 ? box : mappedBox(box, levelling(-turn, pivot));
}

cv::Mat composeRun(const std::vector<Piece>& pieces, std::size_t first, std::size_t last,
                   cv::Rect* box)
{
    cv::Rect all = pieces[first].box;
    for (std::size_t i = first + 1; i <= last; ++i)
        all |= pieces[i].box;
    const int side = std::max(all.width, all.height);
    const int margin = std::max(2, side / 10);
    const int full = side + 2 * margin;
    const cv::Point origin((full - all.width) / 2 - all.x, (full - all.height) / 2 - all.y);
    cv::Mat image = cv::Mat::zeros(full, full, CV_8UC1);
    for (std::size_t i = first; i <= last; ++i) {
        cv::Mat place = image(pieces[i].box + origin);
        cv::max(place, pieces[i].ink, place);
    }
    if (box)
        *box = all;
    return image;
}

} // namespace dwn
