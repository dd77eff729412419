#include "dwn/doodles.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <random>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "dwn/error.h"
#include "dwn/preprocess.h"

namespace dwn {
namespace {

using Path = std::vector<cv::Point2d>; // in unit coordinates: x and y in [-1, 1], y down

// Letters of the Hershey fonts that no one would take for a digit: 0-like (O, o, D is kept)
// and 1-like (I, l, i, j) letters are left out; look-alikes such as b, q, s and Z stay in, since
// a digit is drawn differently.
const char* const kLetters = "ABCEFGHKLMNPRSTUVWXYZabdefghkmnpqrstuvwxyz&@?#%";
// The letters most often taken for digits: b and G for 6, S and s for 5, Z and z for 2 or 7,
// g and q for 9, B for 8, J, T and y for 7 or 9, A and h for 4.
const char* const kLookAlikes = "bGSsZzgqBJTyAh";
const char* const kFontFolder = "/usr/share/fonts";

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}
    double uniform(double lo, double hi)
    {
        return std::uniform_real_distribution<>(lo, hi)(m_engine);
    }
    int integer(int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(m_engine); }
    bool chance(double p) { return uniform(0, 1) < p; }
    double normal(double sigma) { return std::normal_distribution<>(0, sigma)(m_engine); }

private:
    std::mt19937_64 m_engine;
};

// A well-mixed 64-bit value from two (splitmix64's finaliser).
std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t z = a + 0x9E3779B97F4A7C15ULL * (b + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

Path arc(double cx, double cy, double rx, double ry, double from, double to, int steps = 48)
{
    Path p;
    for (int i = 0; i <= steps; ++i) {
        const double a = from + (to - from) * i / steps;
        p.emplace_back(cx + rx * std::cos(a), cy + ry * std::sin(a));
    }
    return p;
}

Path ellipse(double cx, double cy, double rx, double ry)
{
    return arc(cx, cy, rx, ry, 0, 2 * M_PI);
}

// Chaikin's corner cutting: a smooth curve through the middle of a polyline.
Path smooth(Path p, int rounds)
{
    for (int r = 0; r < rounds && p.size() > 2; ++r) {
        Path q{p.front()};
        for (std::size_t i = 0; i + 1 < p.size(); ++i) {
            q.push_back(0.75 * p[i] + 0.25 * p[i + 1]);
            q.push_back(0.25 * p[i] + 0.75 * p[i + 1]);
        }
        q.push_back(p.back());
        p = std::move(q);
    }
    return p;
}

Path regular(int corners, double radius, double turn, double inner = 0)
{
    Path p;
    const int points = inner > 0 ? 2 * corners : corners;
    for (int i = 0; i <= points; ++i) {
        const double r = inner > 0 && i % 2 ? inner : radius;
        const double a = turn + 2 * M_PI * i / points;
        p.emplace_back(r * std::sin(a), -r * std::cos(a));
    }
    return p;
}

struct Sketch {
    std::vector<Path> strokes;
    std::vector<Path> filled;
    double maxTurn = 25; // the largest random rotation, in degrees
};

Sketch scribble(Rng& rng)
{
    Path p;
    const int n = rng.integer(8, 14);
    for (int i = 0; i < n; ++i)
        p.emplace_back(rng.uniform(-1, 1), rng.uniform(-1, 1));
    return {{smooth(p, 3)}, {}, 180};
}

Sketch squiggle(Rng& rng)
{
    const int periods = rng.integer(3, 7), style = rng.integer(0, 3);
    const double height = rng.uniform(0.15, 0.45);
    Path p;
    const int steps = periods * 24;
    for (int i = 0; i <= steps; ++i) {
        const double t = 2 * M_PI * periods * i / steps, x = -1 + 2.0 * i / steps;
        const double phase = std::fmod(t / (2 * M_PI), 1.0);
        switch (style) {
        case 0: // waves
            p.emplace_back(x, height * std::sin(t));
            break;
        case 1: // zigzag
            p.emplace_back(x, height * (phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase));
            break;
        case 2: // loops, as a row of cursive e's
            p.emplace_back(x + 0.6 / periods * std::sin(t), -height * std::cos(t));
            break;
        default: // battlements
            p.emplace_back(x, phase < 0.5 ? -height : height);
        }
    }
    return {{p}, {}, 30};
}

// Shapes with corners and crossings. Plain squares, diamonds and many-sided polygons are left
// out: shrunk to 28x28 they are drawn as a 0 is.
Sketch polygon(Rng& rng)
{
    const int shape = rng.integer(0, 2);
    if (shape == 0) // a cross, upright or slanted
        return {{{{-1, 0}, {1, 0}}, {{0, -1}, {0, 1}}}, {}, 45};
    if (shape == 1) { // a box with a diagonal or both
        const double h = rng.uniform(0.5, 1);
        Path box{{-1, -h}, {1, -h}, {1, h}, {-1, h}, {-1, -h}};
        Sketch s{{box, {{-1, -h}, {1, h}}}, {}, 25};
        if (rng.chance(0.5))
            s.strokes.push_back({{1, -h}, {-1, h}});
        return s;
    }
    return {{regular(3, 1, rng.uniform(-0.3, 0.3))}, {}, 25}; // a triangle
}

Sketch star(Rng& rng)
{
    const int points = rng.integer(5, 7);
    if (points != 6 && rng.chance(0.5)) { // drawn in one stroke, skipping corners
        const Path corners = regular(points, 1, 0);
        Path p;
        for (int i = 0; i <= points; ++i)
            p.push_back(corners[static_cast<std::size_t>((i * 2) % points)]);
        return {{p}, {}, 30};
    }
    return {{regular(points, 1, 0, rng.uniform(0.35, 0.55))}, {}, 30};
}

Sketch heart(Rng&)
{
    Path p;
    for (int i = 0; i <= 64; ++i) {
        const double t = 2 * M_PI * i / 64, s = std::sin(t);
        p.emplace_back(
            s * s * s,
            -(13 * std::cos(t) - 5 * std::cos(2 * t) - 2 * std::cos(3 * t) - std::cos(4 * t)) / 16 +
                0.1);
    }
    return {{p}, {}, 20};
}

Sketch house(Rng& rng)
{
    const double eaves = rng.uniform(-0.3, 0.1);
    Sketch s{{{{-0.8, eaves}, {-0.8, 1}, {0.8, 1}, {0.8, eaves}},
              {{-0.95, eaves + 0.05}, {0, -1}, {0.95, eaves + 0.05}}},
             {},
             10};
    const double door = rng.uniform(-0.5, 0.3);
    s.strokes.push_back({{door, 1}, {door, 0.45}, {door + 0.3, 0.45}, {door + 0.3, 1}});
    if (rng.chance(0.6)) {
        const double w = door > 0 ? -0.55 : 0.25;
        s.strokes.push_back({{w, 0.15}, {w + 0.3, 0.15}, {w + 0.3, 0.4}, {w, 0.4}, {w, 0.15}});
    }
    if (rng.chance(0.4))
        s.strokes.push_back({{0.45, -0.4}, {0.45, -0.75}, {0.62, -0.75}, {0.62, -0.22}});
    return s;
}

Sketch stickFigure(Rng& rng)
{
    const double hip = 0.3, neck = -0.52, shoulder = rng.uniform(-0.4, -0.2);
    Sketch s{{ellipse(0, -0.76, 0.22, 0.24), {{0, neck}, {0, hip}}}, {}, 15};
    const double armL = rng.uniform(-0.6, 0.5), armR = rng.uniform(-0.6, 0.5);
    s.strokes.push_back({{-0.6, shoulder + armL}, {0, shoulder}, {0.6, shoulder + armR}});
    const double spread = rng.uniform(0.2, 0.5);
    s.strokes.push_back({{-spread, 1}, {0, hip}, {spread, 1}});
    return s;
}

Sketch sun(Rng& rng)
{
    const double r = rng.uniform(0.35, 0.5);
    Sketch s{{ellipse(0, 0, r, r)}, {}, 0};
    const int rays = rng.integer(6, 12);
    for (int i = 0; i < rays; ++i) {
        const double a = 2 * M_PI * i / rays;
        s.strokes.push_back(
            {{(r + 0.15) * std::cos(a), (r + 0.15) * std::sin(a)}, {std::cos(a), std::sin(a)}});
    }
    return s;
}

Sketch spiral(Rng& rng)
{
    const double turns = rng.uniform(1.5, 2.5); // more would merge into a blot at 28x28
    Path p;
    const int steps = static_cast<int>(turns * 40);
    for (int i = 0; i <= steps; ++i) {
        const double t = double(i) / steps, a = 2 * M_PI * turns * t;
        p.emplace_back(t * std::cos(a), t * std::sin(a));
    }
    return {{p}, {}, 180};
}

Sketch grid(Rng& rng)
{
    Sketch s{{}, {}, 30};
    if (rng.chance(0.5)) { // a hash sign
        for (double at : {-0.35, 0.35}) {
            s.strokes.push_back({{-1, at}, {1, at}});
            s.strokes.push_back({{at, -1}, {at, 1}});
        }
        return s;
    }
    const int lines = rng.integer(3, 7);
    for (int i = 0; i < lines; ++i) {
        const double at = -1 + 2.0 * i / (lines - 1);
        s.strokes.push_back({{-1, at}, {1, at}});
    }
    if (rng.chance(0.5))
        for (int i = 0; i < lines; ++i) {
            const double at = -1 + 2.0 * i / (lines - 1);
            s.strokes.push_back({{at, -1}, {at, 1}});
        }
    return s;
}

Sketch face(Rng& rng)
{
    Sketch s{{ellipse(0, 0, 1, rng.uniform(0.85, 1.15))}, {}, 15};
    const double eyes = rng.uniform(-0.45, -0.2), mouth = rng.uniform(0.25, 0.5);
    for (double x : {-0.38, 0.38})
        s.strokes.push_back(ellipse(x, eyes, 0.08, 0.1));
    const double smile = rng.uniform(-1, 1) > 0 ? 1 : -1; // happy or sad
    s.strokes.push_back(arc(0, mouth - 0.3 * smile, 0.45, 0.3, smile > 0 ? 0.4 : M_PI + 0.4,
                            smile > 0 ? M_PI - 0.4 : 2 * M_PI - 0.4, 24));
    return s;
}

Sketch arrow(Rng& rng)
{
    Sketch s{{}, {}, 180};
    if (rng.chance(0.3)) // bent
        s.strokes.push_back(smooth({{-1, 0.5}, {-0.2, -0.6}, {0.9, 0}}, 3));
    else
        s.strokes.push_back({{-1, 0}, {0.9, 0}});
    const cv::Point2d tip = s.strokes.back().back();
    s.strokes.push_back({tip + cv::Point2d(-0.6, -0.5), tip, tip + cv::Point2d(-0.6, 0.5)});
    return s;
}

Sketch splotches(Rng& rng)
{
    Sketch s{{}, {}, 0};
    const int n = rng.integer(2, 5);
    for (int i = 0; i < n; ++i) {
        const double cx = rng.uniform(-0.8, 0.8), cy = rng.uniform(-0.8, 0.8);
        const double r = rng.uniform(0.08, 0.3);
        Path blob;
        for (int k = 0; k < 12; ++k) {
            const double a = 2 * M_PI * k / 12, rr = r * rng.uniform(0.7, 1.3);
            blob.emplace_back(cx + rr * std::cos(a), cy + rr * std::sin(a));
        }
        s.filled.push_back(smooth(blob, 2));
    }
    return s;
}

Sketch noise(Rng& rng)
{
    Sketch s{{}, {}, 0};
    const int n = rng.integer(12, 40);
    for (int i = 0; i < n; ++i) {
        const cv::Point2d from(rng.uniform(-1, 1), rng.uniform(-1, 1));
        const double len = rng.chance(0.4) ? 0.005 : rng.uniform(0.03, 0.25);
        const double a = rng.uniform(0, 2 * M_PI);
        s.strokes.push_back({from, from + len * cv::Point2d(std::cos(a), std::sin(a))});
    }
    return s;
}

// Closed curves that loop through themselves: a trefoil knot's outline, Lissajous figures
// lying on their side (an upright figure eight is how an 8 is written), roses of three or four
// petals, and a circle crossed by an X or a plus.
Sketch knot(Rng& rng)
{
    const int shape = rng.integer(0, 3), steps = 160;
    Sketch s;
    s.maxTurn = 20;
    Path p;
    if (shape == 0) {
        for (int i = 0; i <= steps; ++i) {
            const double t = 2 * M_PI * i / steps;
            p.emplace_back((std::sin(t) + 2 * std::sin(2 * t)) / 3,
                           (std::cos(t) - 2 * std::cos(2 * t)) / 3);
        }
    } else if (shape == 1) {
        static const std::array<std::pair<int, int>, 4> ratios = {{{1, 2}, {3, 2}, {2, 3}, {3, 4}}};
        const auto [a, b] = ratios[static_cast<std::size_t>(rng.integer(0, 3))];
        const double phase = a == 1 ? 0 : rng.uniform(0, M_PI / 2);
        for (int i = 0; i <= steps; ++i) {
            const double t = 2 * M_PI * i / steps;
            p.emplace_back(std::sin(a * t + phase), 0.6 * std::sin(b * t));
        }
    } else if (shape == 2) {
        const int petals = rng.integer(2, 3), k = petals == 2 ? 2 : 3;
        for (int i = 0; i <= 2 * steps; ++i) {
            const double t = 2 * M_PI * i / (2 * steps), r = std::cos(k * t);
            p.emplace_back(r * std::cos(t), r * std::sin(t));
        }
    } else {
        s.strokes.push_back(ellipse(0, 0, 1, 1));
        const double r = rng.chance(0.5) ? 0.7 : 1.0;
        if (rng.chance(0.5)) {
            s.strokes.push_back({{-r, -r}, {r, r}});
            s.strokes.push_back({{-r, r}, {r, -r}});
        } else {
            s.strokes.push_back({{-1, 0}, {1, 0}});
            s.strokes.push_back({{0, -1}, {0, 1}});
        }
        return s;
    }
    s.strokes.push_back(p);
    return s;
}

Sketch sketchOf(DoodleKind kind, Rng& rng)
{
    switch (kind) {
    case DoodleKind::Scribble:
        return scribble(rng);
    case DoodleKind::Squiggle:
        return squiggle(rng);
    case DoodleKind::Polygon:
        return polygon(rng);
    case DoodleKind::Star:
        return star(rng);
    case DoodleKind::Heart:
        return heart(rng);
    case DoodleKind::House:
        return house(rng);
    case DoodleKind::StickFigure:
        return stickFigure(rng);
    case DoodleKind::Sun:
        return sun(rng);
    case DoodleKind::Spiral:
        return spiral(rng);
    case DoodleKind::Grid:
        return grid(rng);
    case DoodleKind::Face:
        return face(rng);
    case DoodleKind::Arrow:
        return arrow(rng);
    case DoodleKind::Splotches:
        return splotches(rng);
    case DoodleKind::Noise:
        return noise(rng);
    case DoodleKind::Knot:
        return knot(rng);
    case DoodleKind::Letters:
    case DoodleKind::FontLetters:
        break;
    }
    throw Error("no sketch for doodle kind " + toString(kind));
}

// One to three letters of a Hershey font, at a random size and slant.
void drawLetters(cv::Mat& canvas, Rng& rng, int pen)
{
    static const std::array<int, 6> fonts = {
        cv::FONT_HERSHEY_SIMPLEX, cv::FONT_HERSHEY_DUPLEX,         cv::FONT_HERSHEY_COMPLEX,
        cv::FONT_HERSHEY_TRIPLEX, cv::FONT_HERSHEY_SCRIPT_SIMPLEX, cv::FONT_HERSHEY_SCRIPT_COMPLEX};
    const std::string letters(kLetters);
    std::string text;
    const int n = rng.chance(0.6) ? 1 : rng.integer(2, 3);
    for (int i = 0; i < n; ++i)
        text += letters[static_cast<std::size_t>(rng.integer(0, int(letters.size()) - 1))];
    const int font = fonts[static_cast<std::size_t>(rng.integer(0, 5))] |
                     (rng.chance(0.3) ? cv::FONT_ITALIC : 0);
    int baseline = 0;
    const cv::Size unit = cv::getTextSize(text, font, 1.0, 1, &baseline);
    const double size = canvas.cols * rng.uniform(0.3, 0.8);
    const double fontScale = size / std::max(unit.width, unit.height + baseline);
    const int thickness = std::max(1, std::min(pen, static_cast<int>(size / 8)));
    const cv::Size fitted = cv::getTextSize(text, font, fontScale, thickness, &baseline);
    const cv::Point origin(
        rng.integer(0, std::max(0, canvas.cols - fitted.width)),
        rng.integer(fitted.height, std::max(fitted.height, canvas.rows - baseline)));
    cv::putText(canvas, text, origin, font, fontScale, 0, thickness, cv::LINE_AA);
    const cv::Mat turn = cv::getRotationMatrix2D(
        cv::Point2f(canvas.cols / 2.0f, canvas.rows / 2.0f), rng.uniform(-15, 15), 1.0);
    cv::warpAffine(canvas, canvas, turn, canvas.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 255);
}

// The TrueType fonts installed under /usr/share/fonts (Debian's fonts-dejavu-core at least),
// in name order, each loaded once.
const std::vector<cv::Ptr<cv::freetype::FreeType2>>& installedFonts()
{
    static const std::vector<cv::Ptr<cv::freetype::FreeType2>> fonts = [] {
        std::vector<std::filesystem::path> files;
        std::error_code ec;
        for (std::filesystem::recursive_directory_iterator it(kFontFolder, ec), end;
             !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".ttf")
                files.push_back(it->path());
        std::sort(files.begin(), files.end());
        std::vector<cv::Ptr<cv::freetype::FreeType2>> loaded;
        for (const std::filesystem::path& file : files) {
            try {
                cv::Ptr<cv::freetype::FreeType2> font = cv::freetype::createFreeType2();
                font->loadFontData(file.string(), 0);
                loaded.push_back(font);
            } catch (const cv::Exception&) { // not a font FreeType reads: left out
            }
        }
        return loaded;
    }();
    return fonts;
}

// One letter of an installed font, half the time one that looks like a digit (b, S, z, g, q…),
// at a random size, slant and weight; Hershey letters where no font is installed.
void drawFontLetter(cv::Mat& canvas, Rng& rng, int pen)
{
    const auto& fonts = installedFonts();
    if (fonts.empty()) {
        drawLetters(canvas, rng, pen);
        return;
    }
    const std::string letters = rng.chance(0.5) ? kLookAlikes : kLetters;
    const std::string text(
        1, letters[static_cast<std::size_t>(rng.integer(0, int(letters.size()) - 1))]);
    cv::freetype::FreeType2& font =
        *fonts[static_cast<std::size_t>(rng.integer(0, int(fonts.size()) - 1))];
    const int height = static_cast<int>(canvas.rows * rng.uniform(0.4, 0.9));
    const int thickness = rng.chance(0.5) ? -1 : std::max(1, pen / 2); // filled or outlined
    cv::Mat colour; // FreeType draws on 3 channels only
    cv::cvtColor(canvas, colour, cv::COLOR_GRAY2BGR);
    {
        // A font's FreeType face is set to each letter's size: one doodle at a time uses them.
        static std::mutex fontsInUse;
        const std::lock_guard<std::mutex> lock(fontsInUse);
        int baseline = 0;
        const cv::Size size = font.getTextSize(text, height, thickness, &baseline);
        const cv::Point origin(
            rng.integer(0, std::max(0, canvas.cols - size.width)),
            rng.integer(size.height, std::max(size.height, canvas.rows - baseline)));
        font.putText(colour, text, origin, height, cv::Scalar::all(0), thickness, cv::LINE_AA,
                     true);
    }
    cv::cvtColor(colour, canvas, cv::COLOR_BGR2GRAY);
    const cv::Mat turn = cv::getRotationMatrix2D(
        cv::Point2f(canvas.cols / 2.0f, canvas.rows / 2.0f), rng.uniform(-15, 15), 1.0);
    cv::warpAffine(canvas, canvas, turn, canvas.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 255);
}

} // namespace

std::string toString(DoodleKind kind)
{
    static const std::array<const char*, kDoodleKinds> names = {
        "scribble",     "squiggle",  "polygon", "star", "heart",       "house",
        "stick figure", "sun",       "spiral",  "grid", "letters",     "face",
        "arrow",        "splotches", "noise",   "knot", "font letters"};
    return names.at(static_cast<std::size_t>(kind));
}

cv::Mat drawDoodle(DoodleKind kind, std::uint64_t seed)
{
    Rng rng(mix(seed, static_cast<std::uint64_t>(kind)));
    const int side = rng.integer(160, 560);
    cv::Mat canvas(side, side, CV_8UC1, cv::Scalar(255));
    const int pen = rng.integer(std::max(2, side / 120), std::max(3, side / 14));
    if (kind == DoodleKind::Letters) {
        drawLetters(canvas, rng, pen);
        return canvas;
    }
    if (kind == DoodleKind::FontLetters) {
        drawFontLetter(canvas, rng, pen);
        return canvas;
    }
    const Sketch sketch = sketchOf(kind, rng);

    // A hand's wobble, a random turn and stretch, then a random box on the canvas.
    const double wobble = rng.uniform(0.005, 0.03);
    const double turn = rng.uniform(-sketch.maxTurn, sketch.maxTurn) * M_PI / 180;
    const double stretch = rng.uniform(0.75, 1.3);
    const double size = side * rng.uniform(0.2, 0.45); // half the doodle's side
    const cv::Point2d centre(rng.uniform(size, side - size), rng.uniform(size, side - size));
    auto place = [&](const Path& path) {
        std::vector<cv::Point> points;
        for (const cv::Point2d& p : path) {
            const double x = (p.x + rng.normal(wobble)) * stretch,
                         y = (p.y + rng.normal(wobble)) / stretch;
            const cv::Point2d turned(x * std::cos(turn) - y * std::sin(turn),
                                     x * std::sin(turn) + y * std::cos(turn));
            points.emplace_back(centre + size * turned);
        }
        return points;
    };
    for (const Path& stroke : sketch.strokes)
        cv::polylines(canvas, std::vector<std::vector<cv::Point>>{place(stroke)}, false, 0, pen,
                      cv::LINE_AA);
    for (const Path& blob : sketch.filled)
        cv::fillPoly(canvas, std::vector<std::vector<cv::Point>>{place(blob)}, 0, cv::LINE_AA);
    return canvas;
}

DigitImages makeDoodles(std::size_t count, std::uint64_t seed)
{
    DigitImages set;
    set.pixels.reserve(count * 28 * 28);
    // Doodle i is drawn from its own seed: they are drawn in parallel, a block at a time (a few
    // more than are missing, for those preprocessing refuses), and kept in their order, the
    // same whatever the number of threads.
    for (std::uint64_t first = 0; set.size() < count;) {
        const int block = static_cast<int>(std::min<std::size_t>(1024, count - set.size() + 8));
        // The doodles drawn; empty where preprocessing refused one.
        std::vector<cv::Mat> drawn(static_cast<std::size_t>(block));
        cv::parallel_for_(cv::Range(0, block), [&](const cv::Range& r) {
            for (int k = r.start; k < r.end; ++k) {
                const std::uint64_t i = first + std::uint64_t(k);
                try {
                    const Preprocessed p = preprocess(
                        drawDoodle(static_cast<DoodleKind>(i % kDoodleKinds), mix(seed, i)));
                    if (p.refusal.empty())
                        drawn[std::size_t(k)] = p.image;
                } catch (const Error&) { // nothing left of it: draw another
                }
            }
        });
        for (const cv::Mat& image : drawn)
            if (!image.empty() && set.size() < count)
                set.pixels.insert(set.pixels.end(), image.datastart, image.dataend);
        first += std::uint64_t(block);
    }
    return set;
}

} // namespace dwn
