// Draws the evaluation sets kept in inputs/ through the window's own canvas, with scripted
// mouse strokes: digits in several hands (stroke orders, slants, sizes, places and pens) for
// inputs/test/<digit>/ and inputs/check/numbers/<digit>/, doodles that are no number for
// inputs/check/not numbers/, whole numbers of 1–8 digits, many with touching digits and some
// with a minus sign or a decimal point, for inputs/numbers/<number>_<i>.png, and held-out
// doodles for inputs/held-out/not numbers/. The same seed draws the same sets.
//
// usage: draw_eval_sets INPUTS_DIR [SEED]

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <QApplication>
#include <QTest>

#include "canvas.h"
#include "dwn/error.h"
#include "dwn/image_io.h"

namespace {

namespace fs = std::filesystem;
using Stroke = std::vector<QPointF>; // in the unit square, y down
using Figure = std::vector<Stroke>;

// Chaikin's corner cutting, to turn control points into a hand's curve.
Stroke smooth(Stroke p, int rounds = 3)
{
    for (int r = 0; r < rounds && p.size() > 2; ++r) {
        Stroke q{p.front()};
        for (std::size_t i = 0; i + 1 < p.size(); ++i) {
            q.push_back(0.75 * p[i] + 0.25 * p[i + 1]);
            q.push_back(0.25 * p[i] + 0.75 * p[i + 1]);
        }
        q.push_back(p.back());
        p = q;
    }
    return p;
}

Stroke arc(double cx, double cy, double rx, double ry, double fromDeg, double toDeg)
{
    Stroke s;
    const int steps = std::max(6, static_cast<int>(std::abs(toDeg - fromDeg) / 12));
    for (int i = 0; i <= steps; ++i) {
        const double a = (fromDeg + (toDeg - fromDeg) * i / steps) * M_PI / 180;
        s.emplace_back(cx + rx * std::cos(a), cy + ry * std::sin(a));
    }
    return s;
}

Stroke join(Stroke a, const Stroke& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Each digit in the hands people write it in.
std::vector<Figure> handsOf(int digit)
{
    switch (digit) {
    case 0:
        return {{arc(0.5, 0.5, 0.4, 0.5, -90, 270)},
                {arc(0.5, 0.5, 0.35, 0.5, -100, 250)},
                {smooth({{0.55, 0},
                         {0.15, 0.2},
                         {0.1, 0.7},
                         {0.45, 1},
                         {0.85, 0.75},
                         {0.9, 0.25},
                         {0.5, 0},
                         {0.4, 0.08}})}};
    case 1:
        return {{{{0.5, 0}, {0.5, 1}}},
                {{{0.25, 0.25}, {0.55, 0}, {0.55, 1}}},
                {{{0.3, 0.2}, {0.55, 0}, {0.5, 1}}, {{0.25, 1}, {0.75, 1}}}};
    case 2:
        return {
            {join(arc(0.5, 0.28, 0.38, 0.28, 200, 360), {{0.85, 0.4}, {0.1, 1}, {0.9, 1}})},
            {smooth(
                {{0.1, 0.25}, {0.45, 0}, {0.85, 0.2}, {0.6, 0.6}, {0.1, 1}, {0.3, 0.85}, {0.9, 1}},
                2)}};
    case 3:
        return {{join(arc(0.5, 0.25, 0.35, 0.25, 200, 450), arc(0.5, 0.75, 0.4, 0.25, -90, 160))},
                {join({{0.1, 0}, {0.85, 0}, {0.4, 0.42}}, arc(0.5, 0.72, 0.4, 0.28, -80, 160))},
                {smooth({{0.1, 0.1},
                         {0.6, 0},
                         {0.85, 0.25},
                         {0.4, 0.48},
                         {0.9, 0.7},
                         {0.55, 1},
                         {0.05, 0.88}},
                        2)}};
    case 4:
        return {{{{0.6, 0}, {0.05, 0.65}, {0.95, 0.65}}, {{0.68, 0.3}, {0.68, 1}}},
                {{{0.2, 0}, {0.12, 0.55}, {0.9, 0.55}}, {{0.72, 0.08}, {0.72, 1}}},
                {{{0.7, 1}, {0.7, 0}, {0.05, 0.68}, {0.95, 0.68}}}};
    case 5:
        return {
            {{{0.85, 0}, {0.28, 0}, {0.22, 0.42}},
             smooth({{0.22, 0.42}, {0.7, 0.35}, {0.9, 0.7}, {0.55, 1}, {0.1, 0.9}}, 3)},
            {smooth({{0.25, 0}, {0.2, 0.45}, {0.75, 0.4}, {0.88, 0.72}, {0.5, 1}, {0.12, 0.88}}, 3),
             {{0.25, 0}, {0.85, 0.02}}}};
    case 6:
        return {
            {smooth({{0.75, 0},
                     {0.3, 0.3},
                     {0.12, 0.72},
                     {0.35, 1},
                     {0.8, 0.92},
                     {0.82, 0.6},
                     {0.45, 0.5},
                     {0.18, 0.7}},
                    3)},
            {smooth({{0.7, 0.02}, {0.2, 0.45}, {0.2, 0.95}, {0.7, 0.98}, {0.75, 0.6}, {0.3, 0.6}},
                    3)}};
    case 7:
        return {{{{0.08, 0}, {0.92, 0}, {0.35, 1}}},
                {{{0.08, 0}, {0.92, 0}, {0.4, 1}}, {{0.35, 0.5}, {0.8, 0.5}}},
                {{{0.1, 0.18}, {0.1, 0}, {0.9, 0.02}, {0.45, 1}}}};
    case 8:
        return {{smooth({{0.55, 0.02},
                         {0.15, 0.2},
                         {0.5, 0.48},
                         {0.88, 0.75},
                         {0.5, 1},
                         {0.12, 0.75},
                         {0.5, 0.48},
                         {0.85, 0.2},
                         {0.55, 0.02}},
                        3)},
                {arc(0.5, 0.24, 0.28, 0.24, 90, 450), arc(0.5, 0.72, 0.36, 0.28, -90, 270)}};
    case 9:
        return {{join(arc(0.45, 0.28, 0.32, 0.28, 0, -360), {{0.77, 0.28}, {0.72, 1}})},
                {join(arc(0.45, 0.28, 0.32, 0.28, 10, -350),
                      smooth({{0.77, 0.3}, {0.72, 0.85}, {0.35, 1}}, 2))},
                {arc(0.45, 0.28, 0.32, 0.28, 0, -360), {{0.78, 0.05}, {0.78, 1}}}};
    default:
        throw dwn::Error("no digit " + std::to_string(digit));
    }
}

// Doodles that are no number, each with the name its file gets.
std::vector<std::pair<std::string, Figure>> doodles()
{
    const Stroke head = arc(0.5, 0.14, 0.12, 0.14, 0, 360);
    return {
        {"stick figure",
         {head,
          {{0.5, 0.28}, {0.5, 0.68}},
          {{0.15, 0.45}, {0.5, 0.38}, {0.85, 0.45}},
          {{0.25, 1}, {0.5, 0.68}, {0.75, 1}}}},
        {"house",
         {{{0.1, 0.45}, {0.1, 1}, {0.9, 1}, {0.9, 0.45}, {0.1, 0.45}, {0.5, 0}, {0.9, 0.45}},
          {{0.4, 1}, {0.4, 0.7}, {0.6, 0.7}, {0.6, 1}}}},
        {"star", {{{0.5, 0}, {0.2, 1}, {0.95, 0.38}, {0.05, 0.38}, {0.8, 1}, {0.5, 0}}}},
        {"heart",
         {smooth({{0.5, 0.3}, {0.3, 0}, {0.02, 0.2}, {0.15, 0.6}, {0.5, 1}}, 3),
          smooth({{0.5, 0.3}, {0.7, 0}, {0.98, 0.2}, {0.85, 0.6}, {0.5, 1}}, 3)}},
        {"sun",
         {arc(0.5, 0.5, 0.22, 0.22, 0, 360),
          {{0.5, 0.2}, {0.5, 0}},
          {{0.5, 0.8}, {0.5, 1}},
          {{0.2, 0.5}, {0, 0.5}},
          {{0.8, 0.5}, {1, 0.5}},
          {{0.29, 0.29}, {0.15, 0.15}},
          {{0.71, 0.71}, {0.85, 0.85}},
          {{0.71, 0.29}, {0.85, 0.15}},
          {{0.29, 0.71}, {0.15, 0.85}}}},
        {"smiley",
         {arc(0.5, 0.5, 0.48, 0.48, 0, 360), arc(0.33, 0.35, 0.05, 0.06, 0, 360),
          arc(0.67, 0.35, 0.05, 0.06, 0, 360), arc(0.5, 0.55, 0.25, 0.2, 20, 160)}},
        {"letter A", {{{0.05, 1}, {0.5, 0}, {0.95, 1}}, {{0.25, 0.6}, {0.75, 0.6}}}},
        {"letter K", {{{0.2, 0}, {0.2, 1}}, {{0.85, 0}, {0.2, 0.55}, {0.85, 1}}}},
        {"letter W", {{{0, 0}, {0.25, 1}, {0.5, 0.35}, {0.75, 1}, {1, 0}}}},
        {"letter M", {{{0.05, 1}, {0.1, 0}, {0.5, 0.6}, {0.9, 0}, {0.95, 1}}}},
        {"letter R",
         {{{0.2, 1}, {0.2, 0}},
          join(arc(0.45, 0.25, 0.35, 0.25, -90, 90), {{0.2, 0.5}, {0.85, 1}})}},
        {"letter x", {{{0.1, 0.1}, {0.9, 0.9}}, {{0.9, 0.1}, {0.1, 0.9}}}},
        {"letter e", {join({{0.1, 0.5}, {0.9, 0.5}}, arc(0.5, 0.5, 0.4, 0.45, 0, -320))}},
        {"letter h",
         {{{0.2, 0}, {0.2, 1}},
          join(arc(0.5, 0.62, 0.3, 0.25, 180, 360), {{0.8, 0.62}, {0.8, 1}})}},
        {"squiggle",
         {smooth({{0, 0.5},
                  {0.12, 0.2},
                  {0.25, 0.8},
                  {0.37, 0.2},
                  {0.5, 0.8},
                  {0.62, 0.2},
                  {0.75, 0.8},
                  {0.87, 0.2},
                  {1, 0.5}},
                 3)}},
        {"zigzag",
         {{{0, 0.3}, {0.15, 0.7}, {0.3, 0.3}, {0.45, 0.7}, {0.6, 0.3}, {0.75, 0.7}, {0.9, 0.3}}}},
        {"spiral",
         {smooth({{0.5, 0.5},
                  {0.6, 0.45},
                  {0.55, 0.3},
                  {0.35, 0.35},
                  {0.3, 0.6},
                  {0.55, 0.75},
                  {0.8, 0.55},
                  {0.75, 0.2},
                  {0.45, 0.05},
                  {0.1, 0.25},
                  {0.08, 0.7},
                  {0.4, 0.98},
                  {0.9, 0.85}},
                 3)}},
        {"tree",
         {{{0.45, 1}, {0.45, 0.6}},
          {{0.55, 1}, {0.55, 0.6}},
          smooth({{0.45, 0.6},
                  {0.1, 0.55},
                  {0.15, 0.25},
                  {0.4, 0.05},
                  {0.75, 0.1},
                  {0.9, 0.4},
                  {0.8, 0.6},
                  {0.55, 0.6}},
                 2)}},
        {"cloud",
         {smooth({{0.1, 0.7},
                  {0.05, 0.45},
                  {0.25, 0.35},
                  {0.35, 0.1},
                  {0.6, 0.12},
                  {0.7, 0.3},
                  {0.92, 0.35},
                  {0.95, 0.65},
                  {0.7, 0.75},
                  {0.1, 0.7}},
                 2)}},
        {"fish",
         {smooth({{0.75, 0.5},
                  {0.5, 0.2},
                  {0.15, 0.35},
                  {0.1, 0.5},
                  {0.15, 0.65},
                  {0.5, 0.8},
                  {0.75, 0.5}},
                 2),
          {{0.75, 0.5}, {1, 0.3}, {1, 0.7}, {0.75, 0.5}},
          arc(0.27, 0.45, 0.03, 0.03, 0, 360)}},
        {"flower",
         {arc(0.5, 0.3, 0.12, 0.12, 0, 360),
          arc(0.5, 0.1, 0.1, 0.1, 90, 450),
          arc(0.7, 0.3, 0.1, 0.1, 180, 540),
          arc(0.3, 0.3, 0.1, 0.1, 0, 360),
          arc(0.5, 0.5, 0.1, 0.1, -90, 270),
          {{0.5, 0.6}, {0.5, 1}},
          {{0.5, 0.8}, {0.7, 0.7}}}},
        {"песочные часы", {{{0.1, 0}, {0.9, 0}, {0.1, 1}, {0.9, 1}, {0.1, 0}}}},
        {"arrow", {{{0, 0.5}, {1, 0.5}}, {{0.7, 0.2}, {1, 0.5}, {0.7, 0.8}}}},
        {"hash sign",
         {{{0.3, 0}, {0.25, 1}},
          {{0.7, 0}, {0.65, 1}},
          {{0, 0.33}, {1, 0.33}},
          {{0, 0.67}, {1, 0.67}}}},
        {"crown",
         {{{0.05, 1},
           {0.05, 0.1},
           {0.3, 0.5},
           {0.5, 0},
           {0.7, 0.5},
           {0.95, 0.1},
           {0.95, 1},
           {0.05, 1}}}},
        {"lightning", {{{0.6, 0}, {0.25, 0.55}, {0.6, 0.5}, {0.35, 1}}}},
        {"umbrella",
         {join(arc(0.5, 0.45, 0.48, 0.42, 180, 360), {{0.02, 0.45}, {0.98, 0.45}}),
          join({{0.5, 0.45}, {0.5, 0.9}}, arc(0.4, 0.9, 0.1, 0.1, 0, 180))}},
        {"cat",
         {arc(0.5, 0.6, 0.4, 0.35, 0, 360),
          {{0.15, 0.4}, {0.2, 0.05}, {0.4, 0.27}},
          {{0.6, 0.27}, {0.8, 0.05}, {0.85, 0.4}},
          {{0.38, 0.55}, {0.4, 0.55}},
          {{0.6, 0.55}, {0.62, 0.55}}}},
        {"infinity",
         {smooth({{0.5, 0.5},
                  {0.75, 0.2},
                  {1, 0.5},
                  {0.75, 0.8},
                  {0.5, 0.5},
                  {0.25, 0.2},
                  {0, 0.5},
                  {0.25, 0.8},
                  {0.5, 0.5}},
                 3)}},
        {"triangle", {{{0.5, 0}, {0.05, 0.9}, {0.95, 0.9}, {0.5, 0}}}},
        {"envelope", {{{0, 0.2}, {1, 0.2}, {1, 0.85}, {0, 0.85}, {0, 0.2}, {0.5, 0.55}, {1, 0.2}}}},
        {"question mark",
         {join(arc(0.5, 0.25, 0.3, 0.25, 180, 400), {{0.5, 0.5}, {0.5, 0.72}}),
          {{0.5, 0.95}, {0.51, 0.96}}}},
    };
}

// Held-out doodles, drawn after the numbers (so that the sets above stay as they were): things
// people draw that neither the check set nor the trainer's generators have, several of them
// close to a digit (a balloon or a lollipop to a 9, glasses to 00, a snowman to an 8). No
// setting was chosen on them: they measure how rejection carries over to doodles of kinds no
// one looked at.
std::vector<std::pair<std::string, Figure>> heldOutDoodles()
{
    return {
        {"key",
         {arc(0.2, 0.5, 0.15, 0.15, 0, 360),
          {{0.35, 0.5}, {0.95, 0.5}},
          {{0.8, 0.5}, {0.8, 0.68}},
          {{0.92, 0.5}, {0.92, 0.64}}}},
        {"cup",
         {{{0.15, 0.15}, {0.22, 0.95}, {0.68, 0.95}, {0.75, 0.15}},
          arc(0.74, 0.5, 0.18, 0.2, -80, 80)}},
        {"bell",
         {smooth({{0.12, 0.8},
                  {0.25, 0.6},
                  {0.27, 0.3},
                  {0.5, 0.08},
                  {0.73, 0.3},
                  {0.75, 0.6},
                  {0.88, 0.8}},
                 2),
          {{0.08, 0.8}, {0.92, 0.8}},
          arc(0.5, 0.9, 0.07, 0.07, 0, 360)}},
        {"leaf",
         {smooth({{0.1, 0.9}, {0.2, 0.4}, {0.9, 0.1}, {0.75, 0.65}, {0.1, 0.9}}, 2),
          {{0.1, 0.9}, {0.7, 0.35}}}},
        {"snowman",
         {arc(0.5, 0.7, 0.25, 0.25, 0, 360),
          arc(0.5, 0.3, 0.16, 0.16, 0, 360),
          {{0.3, 0.6}, {0.05, 0.42}},
          {{0.7, 0.6}, {0.95, 0.42}},
          {{0.32, 0.14}, {0.68, 0.14}},
          {{0.4, 0.14}, {0.4, 0}, {0.6, 0}, {0.6, 0.14}}}},
        {"candle",
         {{{0.35, 0.35}, {0.35, 1}, {0.65, 1}, {0.65, 0.35}, {0.35, 0.35}},
          smooth({{0.5, 0.3}, {0.4, 0.2}, {0.5, 0}, {0.6, 0.2}, {0.5, 0.3}}, 2)}},
        {"musical note",
         {arc(0.35, 0.85, 0.16, 0.11, 0, 360),
          {{0.5, 0.82}, {0.5, 0.05}},
          smooth({{0.5, 0.05}, {0.72, 0.22}, {0.78, 0.45}}, 2)}},
        {"eye",
         {join(arc(0.5, 0.82, 0.55, 0.52, 205, 335), arc(0.5, 0.38, 0.55, 0.52, 25, 155)),
          arc(0.5, 0.6, 0.14, 0.14, 0, 360)}},
        {"apple",
         {arc(0.5, 0.6, 0.36, 0.34, 0, 360),
          {{0.5, 0.28}, {0.56, 0.05}},
          smooth({{0.55, 0.16}, {0.78, 0.05}, {0.72, 0.22}, {0.55, 0.16}}, 2)}},
        {"kite",
         {{{0.5, 0}, {0.85, 0.35}, {0.5, 0.75}, {0.15, 0.35}, {0.5, 0}},
          {{0.5, 0}, {0.5, 0.75}},
          {{0.15, 0.35}, {0.85, 0.35}},
          smooth({{0.5, 0.75}, {0.38, 0.85}, {0.58, 0.92}, {0.45, 1}}, 2)}},
        {"balloon",
         {arc(0.5, 0.35, 0.3, 0.35, 0, 360),
          smooth({{0.5, 0.7}, {0.42, 0.8}, {0.58, 0.9}, {0.5, 1}}, 2)}},
        {"glasses",
         {arc(0.24, 0.5, 0.19, 0.19, 0, 360),
          arc(0.76, 0.5, 0.19, 0.19, 0, 360),
          {{0.43, 0.48}, {0.57, 0.48}}}},
        {"car",
         {{{0.05, 0.72},
           {0.05, 0.5},
           {0.25, 0.5},
           {0.35, 0.3},
           {0.65, 0.3},
           {0.75, 0.5},
           {0.95, 0.5},
           {0.95, 0.72},
           {0.05, 0.72}},
          arc(0.27, 0.78, 0.1, 0.1, 0, 360),
          arc(0.73, 0.78, 0.1, 0.1, 0, 360)}},
        {"boat",
         {{{0.05, 0.6}, {0.95, 0.6}, {0.8, 0.85}, {0.2, 0.85}, {0.05, 0.6}},
          {{0.5, 0.6}, {0.5, 0.05}},
          {{0.5, 0.05}, {0.85, 0.5}, {0.5, 0.5}}}},
        {"mushroom",
         {join(arc(0.5, 0.45, 0.45, 0.4, 180, 360), {{0.05, 0.45}}),
          {{0.4, 0.45}, {0.38, 0.95}, {0.62, 0.95}, {0.6, 0.45}}}},
        {"pencil",
         {{{0.05, 0.4}, {0.75, 0.4}, {0.95, 0.5}, {0.75, 0.6}, {0.05, 0.6}, {0.05, 0.4}},
          {{0.75, 0.4}, {0.75, 0.6}}}},
        {"gem",
         {{{0.2, 0.3}, {0.35, 0.1}, {0.65, 0.1}, {0.8, 0.3}, {0.5, 0.95}, {0.2, 0.3}},
          {{0.2, 0.3}, {0.8, 0.3}}}},
        {"top hat",
         {{{0.05, 0.85}, {0.95, 0.85}}, {{0.25, 0.85}, {0.25, 0.15}, {0.75, 0.15}, {0.75, 0.85}}}},
        {"ice cream",
         {{{0.28, 0.45}, {0.5, 1}, {0.72, 0.45}},
          join(arc(0.5, 0.45, 0.22, 0.3, 180, 360), {{0.28, 0.45}})}},
        {"rainbow", {arc(0.5, 0.95, 0.45, 0.8, 180, 360), arc(0.5, 0.95, 0.28, 0.5, 180, 360)}},
        {"lollipop",
         {arc(0.5, 0.28, 0.26, 0.26, 0, 360),
          smooth({{0.5, 0.28}, {0.58, 0.22}, {0.6, 0.34}, {0.45, 0.38}, {0.38, 0.22}}, 2),
          {{0.5, 0.54}, {0.5, 1}}}},
        {"bicycle",
         {arc(0.2, 0.72, 0.18, 0.18, 0, 360),
          arc(0.8, 0.72, 0.18, 0.18, 0, 360),
          {{0.2, 0.72}, {0.4, 0.4}, {0.7, 0.4}, {0.8, 0.72}},
          {{0.4, 0.4}, {0.5, 0.72}, {0.7, 0.4}},
          {{0.34, 0.34}, {0.46, 0.34}},
          {{0.66, 0.28}, {0.7, 0.4}}}},
    };
}

const int kNumbers = 72; // in inputs/numbers: two in five with touching digits

class Artist {
public:
    Artist(Canvas* canvas, unsigned seed) : m_canvas(canvas), m_rng(seed) {}

    // The text of the i-th number: 1–8 digits; every sixth negative, every seventh a decimal.
    std::string numberText(int i)
    {
        const int digits = std::uniform_int_distribution<>(1, 8)(m_rng);
        std::string text = std::to_string(std::uniform_int_distribution<>(1, 9)(m_rng));
        for (int k = 1; k < digits; ++k)
            text += std::to_string(std::uniform_int_distribution<>(0, 9)(m_rng));
        if (i % 7 == 0 && text.size() > 1)
            text.insert(std::uniform_int_distribution<std::size_t>(1, text.size() - 1)(m_rng), ".");
        if (i % 6 == 0)
            text.insert(0, "-");
        return text;
    }

    double uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(m_rng); }

    // Draws `figure` on a cleared canvas of random size, in a random box, slant and pen, with
    // a hand's wobble, and returns the drawing.
    cv::Mat draw(const Figure& figure, double widthShare)
    {
        const int side = static_cast<int>(uniform(320, 560));
        m_canvas->resize(side, side);
        QCoreApplication::processEvents();
        m_canvas->clear();
        m_canvas->setPenWidth(static_cast<int>(uniform(6, 30)));
        const double h = uniform(0.45, 0.8), w = h * widthShare * uniform(0.8, 1.15);
        const double x0 = uniform(0.05, 0.95 - w), y0 = uniform(0.05, 0.95 - h);
        const double slant = uniform(-0.2, 0.2);
        // A hand's wobble: a smooth displacement of up to 3% of the figure.
        const double ax = uniform(0, 0.03), ay = uniform(0, 0.03), fx = uniform(0.5, 1.5),
                     fy = uniform(0.5, 1.5), px = uniform(0, 2 * M_PI), py = uniform(0, 2 * M_PI);
        for (const Stroke& stroke : figure) {
            Stroke placed;
            for (const QPointF& p : stroke) {
                const double x = p.x() + ax * std::sin(2 * M_PI * fx * p.y() + px),
                             y = p.y() + ay * std::sin(2 * M_PI * fy * p.x() + py);
                placed.emplace_back(x0 + (x + slant * (0.5 - y)) * w, y0 + y * h);
            }
            drag(placed);
        }
        QCoreApplication::processEvents();
        return greyImage();
    }

    // Draws `text` (digits, a leading '-', one '.') on a cleared wide canvas, each digit in
    // one of its hands; with `touching`, neighbouring digits are pushed into each other.
    cv::Mat drawNumber(const std::string& text, bool touching)
    {
        const int width = static_cast<int>(uniform(900, 1300)),
                  height = static_cast<int>(uniform(260, 380));
        m_canvas->resize(width, height);
        QCoreApplication::processEvents();
        m_canvas->clear();
        m_canvas->setPenWidth(static_cast<int>(uniform(6, 16)));
        // Each symbol's box and the advance after it, in digit heights.
        struct Box {
            char c;
            double w, advance;
        };
        std::vector<Box> boxes;
        double total = 0;
        for (char c : text) {
            const double gap = touching ? 0 : uniform(0.15, 0.35);
            Box b{c, 0, 0};
            if (c == '-')
                b = {c, 0.45, 0.7};
            else if (c == '.')
                b = {c, 0.2, 0.35};
            else // touching digits overlap their neighbour's box a little, as a hurried hand
                b.w = (c == '1' ? 0.3 : 0.6) * uniform(0.9, 1.1),
                b.advance = touching ? b.w * uniform(0.92, 1.0) : b.w + gap;
            boxes.push_back(b);
            total += b.advance;
        }
        // The digit height in canvas widths: as drawn, or less so that the number fits.
        const double unit = std::min(uniform(0.45, 0.65) * height / width, 0.9 / total);
        const double h = unit * width / height;
        double x = 0.5 - unit * total / 2;
        const double y0 = uniform(0.1, 0.9 - h);
        const double slant = uniform(-0.15, 0.15);
        for (const Box& b : boxes) {
            if (b.c == '-') {
                drag(placeStroke({{0, 0.5}, {1, 0.5}}, x, y0, unit * b.w, h, 0));
            } else if (b.c == '.') {
                drag(placeStroke({{0.5, 0.97}, {0.52, 0.97}}, x, y0, unit * b.w, h, 0));
            } else {
                const std::vector<Figure> hands = handsOf(b.c - '0');
                const Figure& hand =
                    hands[std::uniform_int_distribution<std::size_t>(0, hands.size() - 1)(m_rng)];
                const double dy = uniform(-0.04, 0.04) * h;
                for (const Stroke& stroke : hand)
                    drag(placeStroke(stroke, x, y0 + dy, unit * b.w, h, slant));
            }
            x += unit * b.advance;
        }
        QCoreApplication::processEvents();
        return greyImage();
    }

private:
    // A stroke of the unit square placed in the box (x0, y0, w, h) of the canvas, slanted.
    Stroke placeStroke(const Stroke& stroke, double x0, double y0, double w, double h, double slant)
    {
        Stroke placed;
        for (const QPointF& p : stroke)
            placed.emplace_back(
                x0 + p.x() * w + slant * (0.5 - p.y()) * h * m_canvas->height() / m_canvas->width(),
                y0 + p.y() * h);
        return placed;
    }

    cv::Mat greyImage() const
    {
        const QImage grey = m_canvas->image().convertToFormat(QImage::Format_Grayscale8);
        cv::Mat out(grey.height(), grey.width(), CV_8UC1);
        for (int y = 0; y < grey.height(); ++y)
            std::copy_n(grey.constScanLine(y), grey.width(), out.ptr<uchar>(y));
        return out;
    }

    // The mouse dragged along the stroke with the left button down, reporting a point every
    // few pixels as a real mouse does.
    void drag(const Stroke& stroke)
    {
        auto at = [this](const QPointF& p) {
            return QPoint(qRound(p.x() * m_canvas->width()), qRound(p.y() * m_canvas->height()));
        };
        QTest::mousePress(m_canvas, Qt::LeftButton, {}, at(stroke.front()));
        for (std::size_t i = 1; i < stroke.size(); ++i) {
            const QPointF a = stroke[i - 1], b = stroke[i];
            const double length = std::hypot(b.x() - a.x(), b.y() - a.y()) * m_canvas->width();
            const int steps = std::max(1, static_cast<int>(length / 6));
            for (int k = 1; k <= steps; ++k)
                QTest::mouseMove(m_canvas, at(a + (b - a) * (double(k) / steps)));
        }
        QTest::mouseRelease(m_canvas, Qt::LeftButton, {}, at(stroke.back()));
    }

    Canvas* m_canvas;
    std::mt19937 m_rng;
};

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: draw_eval_sets INPUTS_DIR [SEED]\n";
        return 2;
    }
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const fs::path root = argv[1];
    Canvas canvas;
    canvas.show();
    Artist artist(&canvas, argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 2026);
    try {
        for (const auto& [folder, perDigit] : std::vector<std::pair<fs::path, int>>{
                 {root / "test", 8}, {root / "check" / "numbers", 3}})
            for (int digit = 0; digit <= 9; ++digit) {
                const std::vector<Figure> hands = handsOf(digit);
                const fs::path dir = folder / std::to_string(digit);
                fs::create_directories(dir);
                for (int i = 0; i < perDigit; ++i) {
                    const Figure& hand = hands[static_cast<std::size_t>(i) % hands.size()];
                    dwn::writePngAtomically(
                        dir / (std::to_string(digit) + "_" + std::to_string(i + 1) + ".png"),
                        artist.draw(hand, digit == 1 ? 0.5 : 0.7));
                }
            }
        // Each doodle as <name>.png in `folder`.
        auto drawDoodles = [&artist](const fs::path& folder,
                                     const std::vector<std::pair<std::string, Figure>>& figures) {
            fs::create_directories(folder);
            for (const auto& [name, figure] : figures)
                dwn::writePngAtomically(folder / (name + ".png"), artist.draw(figure, 1.0));
        };
        drawDoodles(root / "check" / "not numbers", doodles());
        const fs::path numbers = root / "numbers";
        fs::create_directories(numbers);
        for (int i = 1; i <= kNumbers; ++i) {
            const std::string text = artist.numberText(i);
            dwn::writePngAtomically(numbers / (text + "_" + std::to_string(i) + ".png"),
                                    artist.drawNumber(text, i % 5 < 2));
        }
        drawDoodles(root / "held-out" / "not numbers", heldOutDoodles());
    } catch (const std::exception& e) {
        std::cerr << "draw_eval_sets: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
