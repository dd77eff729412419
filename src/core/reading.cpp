#include "dwn/reading.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "dwn/error.h"

namespace dwn {
namespace {

const std::size_t kMaxRun = 6;   // most pieces one symbol is made of
const double kMaxWidth = 1.6;    // no digit is wider than this many line heights
const double kNear = 0.15;       // pieces of one symbol are at most this many heights apart
const double kSmallHeight = 0.4; // a symbol lower than this many heights
const double kSmallWidth = 0.8;  // and narrower than this is too small for a digit
const double kDoubt = 3.0;       // what a doubted digit or a mark costs, in log-probability
// A small mark high on the line (its centre in the band's top kHighMark) may be this many
// heights from its digit and still be a part of it: a 7's serif, a speck over a 9. A point or
// a minus sign never sits there.
const double kHighMark = 0.35;
const double kHighReach = 0.25;
// A dash or dot in a sign's place is worth this more as that sign than as a stray part of the
// digit whose box it lies in (a point under a slanted 7's bar); a dash in soft ink (scans,
// photos), where broken strokes are common, is worth this less. A point in soft ink must
// stand clear of the digits (smallKind()) instead.
const double kSignValue = 0.1;
const double kDotPens = 2.5;      // a decimal point is at most this many pens wide
const double kDotFill = 0.55;     // and fills at least this share of its box,
const double kDotArea = 0.5;      // and at least this many pens squared (a pen's dot: 0.79);
const double kDotClear = 0.2;     // in soft ink, this many pens clear of the digits' columns
const double kFragmentCost = 0.5; // and taking a small mark beside a digit as part of it
const double kOverlapCost = 0.5;  // splitting symbols that overlap costs up to this
const double kCutCost = 1.6;      // and cutting one component or stroke in two this,
const double kCutPenCost = 0.8;   // and this more for each pen of ink the cut crosses
const double kSlim = 1.1;         // digits are rarely wider than this many line heights
const double kWideCost = 4.0;     // and each height wider costs this
const double kMinLogP = -10;      // a digit's log-probability counts down to this
// A "1" cut out of a component strays from its axis by no more than this share of its height
// (a straight stroke, however it slants); a curved part of a wider shape strays further.
const double kCutOneSpread = 0.07;
// A digit cut out of a wider component or stroke is accepted only with at least this
// probability: the network was taught whole digits, and a cut hands it part of a shape, which
// it may take for one (an M cut into "1" and "4").
const double kCutTrust = 0.8;
// A digit's box covers at least this share of the line's band; a piece above or below the
// others (a sun's ray over its disc, a roof over a house) is no digit of the line.
const double kOnLine = 0.5;
const double kMergeTall = 0.75;   // pieces this many line heights tall may each be a digit
const double kMergeCost = 1.0;    // taking two of them side by side as one digit costs this
const double kMergeOverlap = 0.5; // unless they overlap by this share of the narrower one
const double kLoopArea = 0.18;    // or close a loop of this many line heights squared together
// With a model that has the misfit head, a candidate's chance of holding much of two digits
// (Verdict::misfit) costs kMisfitWeight times its log-chance of not, and above kMisfitDoubt it
// is doubted: two digits run together.
const double kMisfitWeight = 0.5;
const double kMisfitDoubt = 0.999;
// A digit that reads surer without pieces at one end (redundancyCost()) costs kRedundantCost.
const double kRedundantMargin = 1.0; // surer by this many logits
const double kRedundantTall = 0.5;   // the pieces left out: this many line heights tall
const double kRedundantPens = 1.0;   // and this many pens wide
const double kRedundantCost = 1.0;

// A run of neighbouring pieces that may be one symbol, and what it is worth as one.
struct Run {
    std::size_t first = 0, last = 0;
    SymbolKind kind = SymbolKind::Digit;
    cv::Rect box;
    int drawing = -1; // Digit: its index among the preprocessed drawings
    // A mark too small for a digit that is a stray part of a neighbour (strayPart()), shown in
    // its box rather than read as a symbol.
    bool fragment = false;
    bool speck = false;       // a mark in soft ink passed over as dust (isSpeck())
    double merge = 0;         // Digit: what taking its pieces as one digit costs (mergeCost())
    bool runTogether = false; // Digit: doubted only as two digits run together
    double value = 0;
};

int right(const cv::Rect& r)
{
    return r.x + r.width;
}

// Whether the run was cut out of a wider component or stroke on either side.
bool isCut(const Run& run, const Pieces& pieces)
{
    const std::vector<Piece>& p = pieces.pieces;
    return (run.first > 0 && p[run.first - 1].whole == p[run.first].whole) ||
           (run.last + 1 < p.size() && p[run.last + 1].whole == p[run.last].whole);
}

// Whether no other piece's columns come within `margin` of the run's.
bool clearOfOthers(const Run& run, const Pieces& pieces, double margin)
{
    for (std::size_t i = 0; i < pieces.pieces.size(); ++i) {
        const cv::Rect& other = pieces.pieces[i].box;
        if ((i < run.first || i > run.last) && other.x < right(run.box) + margin &&
            right(other) + margin > run.box.x)
            return false;
    }
    return true;
}

// How many pixels of ink the run's pieces hold.
int inkPixels(const Run& run, const Pieces& pieces)
{
    int ink = 0;
    for (std::size_t i = run.first; i <= run.last; ++i)
        ink += cv::countNonZero(pieces.pieces[i].ink);
    return ink;
}

// Whether a mark in soft ink is a speck of dust or noise, to pass over: less ink than a
// pen's dot holds (kDotArea pens squared), and no slice of a component.
bool isSpeck(const Run& run, const Pieces& pieces)
{
    return pieces.soft && !isCut(run, pieces) &&
           inkPixels(run, pieces) < kDotArea * pieces.pen * pieces.pen;
}

// What a run too small for a digit is, by its shape and place on the line. A slice cut out of
// a component is a part of a symbol (the tip of a 3's hook), never a sign on its own.
SymbolKind smallKind(const Run& run, const Pieces& pieces)
{
    if (isCut(run, pieces))
        return SymbolKind::Mark;
    const double h = pieces.height, band = std::max(1.0, pieces.bottom - pieces.top);
    const double w = run.box.width, tall = run.box.height;
    const double x = run.box.x + w / 2, y = run.box.y + tall / 2;
    const double top = pieces.topAt(x), bottom = pieces.bottomAt(x);
    const bool middle = y > top + 0.2 * band && y < bottom - 0.2 * band;
    if (run.first == 0 && w >= 0.2 * h && w >= 1.5 * tall && middle)
        return SymbolKind::Minus;
    // A point: a round blot about as wide as the pen, filling most of its box, low on the
    // line, between pieces.
    const bool inside = run.first > 0 && run.last + 1 < pieces.pieces.size();
    const int ink = inkPixels(run, pieces);
    const double side = std::max(w, tall);
    // In soft ink, where a broken stroke leaves dots at its digit's foot, a point stands
    // clear of every other piece's columns by kDotClear pens.
    if (inside && side >= 0.5 * pieces.pen && side <= kDotPens * pieces.pen && w <= 0.3 * h &&
        tall <= 0.3 * h && w <= 2 * tall && tall <= 2 * w && ink >= kDotFill * w * tall &&
        ink >= kDotArea * pieces.pen * pieces.pen && y > top + 0.6 * band &&
        (!pieces.soft || clearOfOthers(run, pieces, kDotClear * pieces.pen)))
        return SymbolKind::Point;
    return SymbolKind::Mark;
}

// How far the run's ink strays from its main axis: the standard deviation across it (a straight
// stroke's is about a third of its pen, however it slants).
double spread(const Run& run, const Pieces& pieces)
{
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (std::size_t i = run.first; i <= run.last; ++i) {
        const Piece& piece = pieces.pieces[i];
        const cv::Moments m = cv::moments(piece.ink, true);
        const double x0 = piece.box.x, y0 = piece.box.y;
        n += m.m00;
        sx += m.m10 + x0 * m.m00;
        sy += m.m01 + y0 * m.m00;
        sxx += m.m20 + 2 * x0 * m.m10 + x0 * x0 * m.m00;
        syy += m.m02 + 2 * y0 * m.m01 + y0 * y0 * m.m00;
        sxy += m.m11 + x0 * m.m01 + y0 * m.m10 + x0 * y0 * m.m00;
    }
    if (n == 0)
        return 0;
    const double mx = sx / n, my = sy / n;
    const double a = sxx / n - mx * mx, c = syy / n - my * my, b = sxy / n - mx * my;
    const double minor = (a + c) / 2 - std::sqrt(((a - c) / 2) * ((a - c) / 2) + b * b);
    return std::sqrt(std::max(0.0, minor));
}

// Whether a digit cut out of a wider component or stroke is too doubtful to accept: less likely
// than kCutTrust, or a "1" that is no straight stroke (any cut makes a slice of a longer stroke
// "1"-like).
bool doubtfulCut(const Run& run, const Verdict& v, const Pieces& pieces)
{
    if (!isCut(run, pieces))
        return false;
    return v.probabilities[static_cast<std::size_t>(v.digit)] < kCutTrust ||
           (v.digit == 1 && spread(run, pieces) > kCutOneSpread * run.box.height);
}

// Whether the piece before or after the run is at most `reach` heights away from it.
bool nearNeighbour(const Run& run, const Pieces& pieces, double reach)
{
    const std::vector<Piece>& p = pieces.pieces;
    const double near = reach * pieces.height;
    return (run.first > 0 && run.box.x - right(p[run.first - 1].box) <= near) ||
           (run.last + 1 < p.size() && p[run.last + 1].box.x - right(run.box) <= near);
}

// Whether a mark too small for a digit is a stray part of its neighbour: it touches it (the bar
// of a 5, a speck beside a 2), or it lies high on the line within kHighReach of it.
bool strayPart(const Run& run, const Pieces& pieces)
{
    const double band = std::max(1.0, pieces.bottom - pieces.top);
    const bool high = run.box.y + run.box.height / 2.0 <
                      pieces.topAt(run.box.x + run.box.width / 2.0) + kHighMark * band;
    return nearNeighbour(run, pieces, kNear) || (high && nearNeighbour(run, pieces, kHighReach));
}

// Whether a box covers at least kOnLine of the line's band.
bool onLine(const cv::Rect& box, const Pieces& pieces)
{
    const double x = box.x + box.width / 2.0;
    const double covered = std::min<double>(box.y + box.height, pieces.bottomAt(x)) -
                           std::max<double>(box.y, pieces.topAt(x));
    return covered >= kOnLine * (pieces.bottom - pieces.top);
}

// The loops of `ink` (bright on 0) that enclose at least `area` pixels.
int loopsOf(const cv::Mat& ink, double area)
{
    std::vector<std::vector<cv::Point>> outlines;
    std::vector<cv::Vec4i> hierarchy;
    cv::findContours(ink > 0, outlines, hierarchy, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);
    int loops = 0;
    for (std::size_t i = 0; i < outlines.size(); ++i)
        loops += hierarchy[i][3] >= 0 && cv::contourArea(outlines[i]) >= area;
    return loops;
}

// The loops of a digit's size (kLoopArea) that each piece of a drawing closes alone, each
// counted the first time a run asks.
class PieceLoops {
public:
    explicit PieceLoops(const Pieces& pieces)
        : m_pieces(pieces), m_area(kLoopArea * pieces.height * pieces.height),
          m_loops(pieces.pieces.size(), -1)
    {
    }
    double area() const { return m_area; }
    int of(std::size_t i)
    {
        if (m_loops[i] < 0)
            m_loops[i] = loopsOf(m_pieces.pieces[i].ink, m_area);
        return m_loops[i];
    }

private:
    const Pieces& m_pieces;
    double m_area;
    std::vector<int> m_loops;
};

// Whether a run's pieces, `composed` as composeRun() composes them, together close a loop that
// none of them closes alone: the two halves of a 0 cut through its middle, a 6 drawn in two
// strokes.
bool closesLoop(const Run& run, const cv::Mat& composed, PieceLoops& loops)
{
    const int together = loopsOf(composed, loops.area());
    if (together == 0)
        return false;
    int apart = 0;
    for (std::size_t i = run.first; i <= run.last; ++i)
        apart += loops.of(i);
    return together > apart;
}

// What taking a run's pieces as one digit costs: two tall pieces that stand side by side
// (strokes, components, or the slices of a component cut where two digits touch) are more
// likely two digits (a "1" beside a "7") than one drawn in parts, whose parts overlap (a "4"
// whose stem crosses its bar). The cost falls from kMergeCost for pieces apart to nothing for
// pieces overlapping by kMergeOverlap of the narrower one's width, and is nothing for pieces
// that together close a loop of a digit's size (closesLoop()).
double mergeCost(const Run& run, const Pieces& pieces, const cv::Mat& composed, PieceLoops& loops)
{
    const std::vector<Piece>& p = pieces.pieces;
    const double tall = kMergeTall * pieces.height;
    double cost = 0;
    for (std::size_t i = run.first; i < run.last; ++i)
        for (std::size_t j = i + 1; j <= run.last; ++j) {
            const cv::Rect &a = p[i].box, &b = p[j].box;
            if (a.height < tall || b.height < tall)
                continue;
            const int overlap = std::min(right(a), right(b)) - std::max(a.x, b.x);
            const double share = std::max(0, overlap) / double(std::min(a.width, b.width));
            cost = std::max(cost, kMergeCost * std::max(0.0, 1 - share / kMergeOverlap));
        }
    return cost > 0 && closesLoop(run, composed, loops) ? 0 : cost;
}

// Every run of up to kMaxRun neighbouring pieces no wider than a digit, each piece near the
// ones before it; digit-sized runs are preprocessed into `drawings`.
std::vector<Run> runsOf(const Pieces& pieces, std::vector<Preprocessed>& drawings)
{
    const std::vector<Piece>& p = pieces.pieces;
    const double h = pieces.height;
    PieceLoops loops(pieces);
    std::vector<Run> runs;
    for (std::size_t i = 0; i < p.size(); ++i) {
        int reach = right(p[i].box);
        cv::Rect box = p[i].box;
        for (std::size_t j = i; j < p.size() && j < i + kMaxRun; ++j) {
            if (j > i && p[j].box.x > reach + kNear * h)
                break;
            reach = std::max(reach, right(p[j].box));
            box |= p[j].box;
            if (box.width > kMaxWidth * h)
                break;
            Run run;
            run.first = i;
            run.last = j;
            run.box = box;
            if (box.height < kSmallHeight * h && box.width < kSmallWidth * h) {
                run.kind = smallKind(run, pieces);
                run.fragment = run.kind == SymbolKind::Mark && strayPart(run, pieces);
                run.speck = run.kind == SymbolKind::Mark && !run.fragment && isSpeck(run, pieces);
                run.value = run.fragment || run.speck                      ? -kFragmentCost
                            : run.kind == SymbolKind::Mark                 ? -kDoubt
                            : pieces.soft && run.kind == SymbolKind::Minus ? -kSignValue
                                                                           : kSignValue;
            } else if (!onLine(box, pieces)) {
                run.kind = SymbolKind::Mark;
                run.value = -kDoubt;
            } else {
                try {
                    const cv::Mat image = composeRun(p, i, j, nullptr);
                    drawings.push_back(preprocessInk(image, pieces.soft));
                    run.merge = mergeCost(run, pieces, image, loops);
                    run.drawing = static_cast<int>(drawings.size()) - 1;
                } catch (const Error&) { // too faint to read: a mark
                    run.kind = SymbolKind::Mark;
                    run.value = -kDoubt;
                }
            }
            runs.push_back(run);
        }
    }
    return runs;
}

// What the cuts on the left of run `b` cost: each component or stroke it holds a slice of whose
// slice before lies in an earlier run was cut there (a speck of another component may lie between
// the two slices, so the run just before need not hold it).
double cutCost(const Run& b, const Pieces& pieces)
{
    const std::vector<Piece>& p = pieces.pieces;
    double cost = 0;
    for (std::size_t i = b.first; i <= b.last; ++i) {
        const auto sameWhole = [&](const Piece& other) { return other.whole == p[i].whole; };
        const bool firstInRun =
            std::none_of(p.begin() + long(b.first), p.begin() + long(i), sameWhole);
        if (firstInRun && std::any_of(p.begin(), p.begin() + long(b.first), sameWhole))
            cost += kCutCost + kCutPenCost * p[i].cutPens;
    }
    return cost;
}

// What splitting the drawing between runs `a` and `b` costs: overlapping digits, and a cut
// through one component or stroke, are less likely than a gap.
double splitCost(const Run& a, const Run& b, const Pieces& pieces)
{
    double cost = 0;
    const int overlap = right(a.box) - b.box.x;
    // Digits overlap less often than they stand apart; a sign or point may sit under a
    // slanted digit's foot.
    if (overlap > 0 && a.drawing >= 0 && b.drawing >= 0)
        cost += kOverlapCost *
                std::min(1.0, double(overlap) / std::max(1, std::min(a.box.width, b.box.width)));
    return cost + cutCost(b, pieces);
}

// The runs that cover every piece once with the highest total value less split costs.
std::vector<const Run*> bestPartition(const std::vector<Run>& runs, const Pieces& pieces)
{
    const double none = -std::numeric_limits<double>::infinity();
    std::vector<double> best(runs.size(), none);
    std::vector<int> before(runs.size(), -1);
    // Runs are ordered by their first piece, so every run that can precede one comes first.
    for (std::size_t r = 0; r < runs.size(); ++r) {
        if (runs[r].first == 0) {
            best[r] = runs[r].value;
            continue;
        }
        for (std::size_t q = 0; q < r; ++q)
            if (runs[q].last + 1 == runs[r].first && best[q] > none) {
                const double total = best[q] + runs[r].value - splitCost(runs[q], runs[r], pieces);
                if (total > best[r]) {
                    best[r] = total;
                    before[r] = static_cast<int>(q);
                }
            }
    }
    int end = -1;
    for (std::size_t r = 0; r < runs.size(); ++r)
        if (runs[r].last + 1 == pieces.pieces.size() && best[r] > none &&
            (end < 0 || best[r] > best[static_cast<std::size_t>(end)]))
            end = static_cast<int>(r);
    std::vector<const Run*> chosen;
    for (int r = end; r >= 0; r = before[static_cast<std::size_t>(r)])
        chosen.push_back(&runs[static_cast<std::size_t>(r)]);
    std::reverse(chosen.begin(), chosen.end());
    return chosen;
}

// Puts each fragment into the box of the nearest digit; one with no digit is a mark.
void attachFragments(std::vector<Symbol>& symbols, const std::vector<cv::Rect>& fragments)
{
    for (const cv::Rect& f : fragments) {
        Symbol* nearest = nullptr;
        int best = 0;
        for (Symbol& s : symbols) {
            const int gap = std::max({0, s.box.x - right(f), f.x - right(s.box)});
            if (s.kind == SymbolKind::Digit && (!nearest || gap < best)) {
                nearest = &s;
                best = gap;
            }
        }
        if (nearest) {
            nearest->box |= f;
            continue;
        }
        Symbol mark;
        mark.kind = SymbolKind::Mark;
        mark.box = f;
        const auto at = std::find_if(symbols.begin(), symbols.end(),
                                     [&f](const Symbol& s) { return s.box.x > f.x; });
        symbols.insert(at, mark);
    }
}

// A minus sign stands first before a digit, a point between two digits, once; others are marks.
void checkSigns(std::vector<Symbol>& symbols)
{
    bool point = false;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        auto digitAt = [&symbols](std::size_t k) {
            return k < symbols.size() && symbols[k].kind == SymbolKind::Digit;
        };
        Symbol& s = symbols[i];
        if (s.kind == SymbolKind::Minus && !(i == 0 && digitAt(1)))
            s.kind = SymbolKind::Mark;
        if (s.kind == SymbolKind::Point) {
            if (point || i == 0 || !digitAt(i - 1) || !digitAt(i + 1))
                s.kind = SymbolKind::Mark;
            point = true;
        }
    }
}

char charOf(const Symbol& s)
{
    switch (s.kind) {
    case SymbolKind::Digit:
        return static_cast<char>('0' + s.verdict.digit);
    case SymbolKind::Minus:
        return '-';
    case SymbolKind::Point:
        return '.';
    case SymbolKind::Mark:
        break;
    }
    return '?';
}

// Why the symbols are no number, or empty when they are one.
std::string refusalOf(const std::vector<Symbol>& symbols, const std::vector<const Symbol*>& digits)
{
    for (const Symbol& s : symbols)
        if (s.kind == SymbolKind::Mark)
            return "a mark that is no digit, minus sign or decimal point";
    if (digits.empty())
        return "no digit";
    for (const Symbol* d : digits)
        if (!d->verdict.refusal.empty())
            return d->verdict.refusal;
    std::vector<std::size_t> doubted;
    for (std::size_t i = 0; i < digits.size(); ++i)
        if (!digits[i]->verdict.accepted)
            doubted.push_back(i + 1);
    if (doubted.empty())
        return {};
    // The doubted digits that look like two digits run together.
    std::string runTogether;
    int together = 0;
    for (std::size_t k : doubted)
        if (digits[k - 1]->runTogether)
            runTogether += (together++ ? ", " : "") + std::to_string(k);
    if (digits.size() == 1)
        return "the network doubts it is a digit" +
               std::string(together ? ": it looks like two digits run together" : "");
    std::string which;
    for (std::size_t k : doubted)
        which += (which.empty() ? "" : ", ") + std::to_string(k);
    const std::string why = together == 0 ? ""
                            : together == 1
                                ? "; digit " + runTogether + " looks like two digits run together"
                                : "; digits " + runTogether + " look like two digits run together";
    return "the network doubts digit" + std::string(doubted.size() > 1 ? "s " : " ") + which +
           " of " + std::to_string(digits.size()) + why;
}

// How far the network's first answer is ahead of its second, in logits.
double marginOf(const Verdict& v)
{
    std::array<float, 10> l = v.logits;
    std::partial_sort(l.begin(), l.begin() + 2, l.end(), std::greater<float>());
    return l[0] - l[1];
}

// The runs by their first piece: runsOf() makes them in that order.
class RunIndex {
public:
    RunIndex(const std::vector<Run>& runs, std::size_t pieces) : m_runs(runs), m_from(pieces + 1)
    {
        std::size_t r = 0;
        for (std::size_t i = 0; i <= pieces; ++i) {
            while (r < runs.size() && runs[r].first < i)
                ++r;
            m_from[i] = r;
        }
    }
    // The run of pieces `first` to `last`, if there is one.
    const Run* find(std::size_t first, std::size_t last) const
    {
        for (std::size_t r = m_from[first]; r < m_from[first + 1]; ++r)
            if (m_runs[r].last == last)
                return &m_runs[r];
        return nullptr;
    }

private:
    const std::vector<Run>& m_runs;
    std::vector<std::size_t> m_from;
};

// Whether pieces `first` to `last` make a digit the network accepts, at least kRedundantTall
// line heights tall and kRedundantPens pens wide.
bool acceptedDigit(std::size_t first, std::size_t last, const RunIndex& runs,
                   const std::vector<Verdict>& verdicts, const Pieces& pieces)
{
    const Run* r = runs.find(first, last);
    return r && r->drawing >= 0 && verdicts[static_cast<std::size_t>(r->drawing)].accepted &&
           r->box.height >= kRedundantTall * pieces.height &&
           r->box.width >= kRedundantPens * pieces.pen;
}

// What a digit costs when it reads as the same digit, accepted and at least kRedundantMargin
// logits surer, without pieces at one end that make an accepted digit of their own: ink a digit
// does not need is more likely a neighbour touching it (a 1 run into a 7) than a part of it.
double redundancyCost(const Run& run, const RunIndex& runs, const std::vector<Verdict>& verdicts,
                      const Pieces& pieces)
{
    const Verdict& whole = verdicts[static_cast<std::size_t>(run.drawing)];
    const double sure = marginOf(whole) + kRedundantMargin;
    // Whether `part` reads as the digit surer while pieces `from` to `to` are a digit apart.
    const auto readsWithout = [&](const Run* part, std::size_t from, std::size_t to) {
        if (!part || part->drawing < 0)
            return false;
        const Verdict& v = verdicts[static_cast<std::size_t>(part->drawing)];
        return v.digit == whole.digit && v.accepted && marginOf(v) >= sure &&
               acceptedDigit(from, to, runs, verdicts, pieces);
    };
    // Split after each piece but the last: either side may be the digit, the other the rest.
    for (std::size_t k = run.first; k < run.last; ++k)
        if (readsWithout(runs.find(run.first, k), k + 1, run.last) ||
            readsWithout(runs.find(k + 1, run.last), run.first, k))
            return kRedundantCost;
    return 0;
}

} // namespace

std::vector<Candidate> digitCandidates(const Pieces& pieces)
{
    std::vector<Preprocessed> drawings;
    std::vector<Candidate> out;
    for (const Run& run : runsOf(pieces, drawings))
        if (run.drawing >= 0)
            out.push_back({run.first, run.last, run.box,
                           std::move(drawings[static_cast<std::size_t>(run.drawing)])});
    return out;
}

std::vector<const Symbol*> Reading::digits() const
{
    std::vector<const Symbol*> out;
    for (const Symbol& s : symbols)
        if (s.kind == SymbolKind::Digit)
            out.push_back(&s);
    return out;
}

Reading readNumber(const Classifier& classifier, const Pieces& pieces)
{
    std::vector<Preprocessed> drawings;
    std::vector<Run> runs = runsOf(pieces, drawings);
    // Soft ink (an image file's grey strokes) is read by the crop head, which learnt the crops
    // cut from such numbers, with its own threshold; a canvas's strokes by the digit head,
    // which learnt them re-drawn.
    std::vector<Verdict> verdicts =
        classifier.classify(drawings, pieces.soft ? Head::Crops : Head::Digits);
    for (Run& run : runs)
        if (run.drawing >= 0) {
            Verdict& v = verdicts[static_cast<std::size_t>(run.drawing)];
            const double p = v.probabilities[static_cast<std::size_t>(v.digit)];
            if (doubtfulCut(run, v, pieces))
                v.accepted = false;
            run.runTogether = v.accepted && v.misfit > kMisfitDoubt;
            if (run.runTogether)
                v.accepted = false;
            const double wider = std::max(0.0, double(run.box.width) / pieces.height - kSlim);
            run.value = std::max(kMinLogP, std::log(std::max(p, 1e-30))) -
                        (v.accepted ? 0 : kDoubt) - kWideCost * wider - run.merge +
                        kMisfitWeight * std::log(std::max(1e-6, 1.0 - v.misfit));
        }
    const RunIndex index(runs, pieces.pieces.size());
    for (Run& run : runs)
        if (run.drawing >= 0)
            run.value -= redundancyCost(run, index, verdicts, pieces);

    Reading reading;
    std::vector<cv::Rect> fragments;
    for (const Run* run : bestPartition(runs, pieces)) {
        if (run->speck)
            continue;
        if (run->fragment) {
            fragments.push_back(run->box);
            continue;
        }
        Symbol s;
        s.kind = run->kind;
        s.box = run->box;
        if (run->drawing >= 0) {
            s.input = drawings[static_cast<std::size_t>(run->drawing)];
            s.verdict = verdicts[static_cast<std::size_t>(run->drawing)];
            s.runTogether = run->runTogether;
        }
        reading.symbols.push_back(std::move(s));
    }
    attachFragments(reading.symbols, fragments);
    checkSigns(reading.symbols);
    for (const Symbol& s : reading.symbols)
        reading.number += charOf(s);
    reading.refusal = refusalOf(reading.symbols, reading.digits());
    reading.accepted = reading.refusal.empty();
    for (Symbol& s : reading.symbols) // read on the level line, shown where it was written
        s.box = pieces.inDrawing(s.box);
    return reading;
}

} // namespace dwn
