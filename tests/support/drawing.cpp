#include "drawing.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace dwn::test {
namespace {

using Stroke = std::vector<cv::Point2d>; // in unit coordinates of the digit's box

std::vector<Stroke> ellipse(double cx, double cy, double ax, double ay)
{
    Stroke s;
    for (int a = 0; a <= 360; a += 10)
        s.emplace_back(cx + ax * std::cos(a * M_PI / 180), cy + ay * std::sin(a * M_PI / 180));
    return {s};
}

std::vector<Stroke> strokesOf(int digit)
{
    switch (digit) {
    case 0:
        return ellipse(0.5, 0.5, 0.3, 0.45);
    case 1:
        return {{{0.35, 0.2}, {0.55, 0.05}, {0.55, 0.95}}};
    case 2:
        return {{{0.2, 0.3},
                 {0.3, 0.1},
                 {0.55, 0.05},
                 {0.75, 0.15},
                 {0.78, 0.35},
                 {0.2, 0.95},
                 {0.85, 0.95}}};
    case 3:
        return {{{0.2, 0.1},
                 {0.7, 0.1},
                 {0.45, 0.45},
                 {0.75, 0.6},
                 {0.75, 0.85},
                 {0.5, 0.97},
                 {0.2, 0.88}}};
    case 4:
        return {{{0.6, 0.05}, {0.15, 0.65}, {0.85, 0.65}}, {{0.62, 0.3}, {0.62, 0.95}}};
    case 5:
        return {{{0.8, 0.05},
                 {0.3, 0.05},
                 {0.25, 0.45},
                 {0.6, 0.4},
                 {0.8, 0.6},
                 {0.7, 0.9},
                 {0.2, 0.9}}};
    case 6:
        return {{{0.7, 0.05},
                 {0.35, 0.4},
                 {0.25, 0.75},
                 {0.45, 0.95},
                 {0.7, 0.85},
                 {0.7, 0.6},
                 {0.3, 0.6}}};
    case 7:
        return {{{0.15, 0.08}, {0.85, 0.08}, {0.4, 0.95}}};
    case 8: {
        auto top = ellipse(0.5, 0.27, 0.22, 0.2);
        auto bottom = ellipse(0.5, 0.72, 0.28, 0.23);
        top.push_back(bottom.front());
        return top;
    }
    case 9: {
        auto loop = ellipse(0.5, 0.3, 0.25, 0.22);
        loop.push_back({{0.75, 0.3}, {0.65, 0.95}});
        return loop;
    }
    default:
        CV_Error(cv::Error::StsBadArg, "digits are 0 to 9");
    }
}

Stroke starStroke()
{
    Stroke star;
    for (int i = 0; i <= 5; ++i) {
        const double a = -M_PI / 2 + i * 4 * M_PI / 5;
        star.emplace_back(0.5 + 0.5 * std::cos(a), 0.5 + 0.5 * std::sin(a));
    }
    return star;
}

cv::Mat render(const std::vector<Stroke>& strokes, const Style& style)
{
    // Draw ink (255) on 0 in one channel, then give it the style's look.
    cv::Mat ink(style.canvas, style.canvas, CV_8UC1, cv::Scalar(0));
    const double x0 = style.box.x * style.canvas, y0 = style.box.y * style.canvas;
    const double w = style.box.width * style.canvas, h = style.box.height * style.canvas;
    const int shift = 4; // sub-pixel precision of the polyline points
    for (const Stroke& s : strokes) {
        std::vector<cv::Point> points;
        for (const cv::Point2d& p : s)
            points.emplace_back(cvRound((x0 + p.x * w) * (1 << shift)),
                                cvRound((y0 + p.y * h) * (1 << shift)));
        cv::polylines(ink, points, false, cv::Scalar(255), std::max(1, cvRound(style.pen)),
                      cv::LINE_AA, shift);
    }
    cv::Mat out;
    switch (style.ink) {
    case Ink::DarkOnLight:
        out = 255 - ink;
        break;
    case Ink::LightOnDark:
        out = ink;
        break;
    case Ink::ColourOnWhite: {
        // Blue pen (BGR 200, 60, 20) on white, mixed by the ink's coverage.
        cv::Mat cover;
        ink.convertTo(cover, CV_32F, 1.0 / 255);
        std::vector<cv::Mat> channels;
        for (double pen : {200.0, 60.0, 20.0}) {
            cv::Mat c = 255 - cover * (255 - pen);
            c.convertTo(c, CV_8U);
            channels.push_back(c);
        }
        cv::merge(channels, out);
        break;
    }
    case Ink::Transparent: {
        const cv::Mat zero(ink.size(), CV_8UC1, cv::Scalar(0));
        cv::merge(std::vector<cv::Mat>{zero, zero, zero, ink}, out);
        break;
    }
    }
    if (style.sixteenBit)
        out.convertTo(out, CV_16U, 257);
    return out;
}

} // namespace

cv::Mat drawDigit(int digit, const Style& style)
{
    return render(strokesOf(digit), style);
}

cv::Mat drawStar(const Style& style)
{
    return render({starStroke()}, style);
}

std::vector<PenStroke> numberStrokes(const std::string& text, cv::Size canvas, double gap,
                                     double pen)
{
    // Widths in digit heights; the digits are half the canvas tall, or less so that they fit.
    double total = 0;
    for (char c : text)
        total += (c == '-' ? 0.3 : c == '.' ? 0.24 : c == '*' ? 1.0 : 0.6) * (1 + gap);
    const double h = std::min(0.5 * canvas.height, 0.9 * canvas.width / total), w = 0.6 * h;
    const double top = 0.25 * canvas.height;
    double x = 0.05 * canvas.width;
    std::vector<PenStroke> out;
    auto place = [&](const std::vector<Stroke>& strokes, double width) {
        for (const Stroke& s : strokes) {
            PenStroke p;
            for (const cv::Point2d& q : s) {
                p.points.emplace_back(static_cast<float>(x + q.x * width),
                                      static_cast<float>(top + q.y * h));
                p.widths.push_back(static_cast<float>(pen));
            }
            out.push_back(p);
        }
        x += width * (1 + gap);
    };
    for (char c : text) {
        if (c == '-')
            place({{{0.1, 0.5}, {0.9, 0.5}}}, 0.5 * w);
        else if (c == '.')
            place({{{0.5, 0.95}}}, 0.4 * w);
        else if (c == '*')
            place({starStroke()}, h);
        else
            place(strokesOf(c - '0'), w);
    }
    return out;
}

cv::Mat renderStrokes(const std::vector<PenStroke>& strokes, cv::Size canvas)
{
    cv::Mat ink(canvas, CV_8UC1, cv::Scalar(0));
    const int shift = 4;
    for (const PenStroke& s : strokes) {
        std::vector<cv::Point> points;
        for (const cv::Point2f& p : s.points)
            points.emplace_back(cvRound(p.x * 16), cvRound(p.y * 16));
        const int pen = std::max(1, cvRound(s.widths.front()));
        if (points.size() == 1)
            cv::circle(ink, points.front(), pen * 8, cv::Scalar(255), cv::FILLED, cv::LINE_AA,
                       shift);
        else
            cv::polylines(ink, points, false, cv::Scalar(255), pen, cv::LINE_AA, shift);
    }
    return 255 - ink;
}

std::vector<unsigned char> jpegWithOrientation(const cv::Mat& image, int orientation, bool motorola)
{
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
    // A TIFF file with one directory of one entry: the orientation, a 16-bit SHORT.
    auto field = [motorola](std::vector<unsigned char>& out, std::uint32_t value, int bytes) {
        for (int i = 0; i < bytes; ++i)
            out.push_back(
                static_cast<unsigned char>(value >> (8 * (motorola ? bytes - 1 - i : i))));
    };
    std::vector<unsigned char> exif = {'E', 'x', 'i', 'f', 0, 0};
    exif.push_back(motorola ? 'M' : 'I');
    exif.push_back(motorola ? 'M' : 'I');
    field(exif, 42, 2);
    field(exif, 8, 4); // the directory follows the header
    field(exif, 1, 2);
    field(exif, 0x0112, 2);
    field(exif, 3, 2);
    field(exif, 1, 4);
    field(exif, std::uint32_t(orientation), 2);
    field(exif, 0, 2);
    field(exif, 0, 4); // no next directory
    const std::size_t length = exif.size() + 2;
    std::vector<unsigned char> segment = {0xFF, 0xE1, static_cast<unsigned char>(length >> 8),
                                          static_cast<unsigned char>(length & 0xFF)};
    segment.insert(segment.end(), exif.begin(), exif.end());
    jpeg.insert(jpeg.begin() + 2, segment.begin(), segment.end()); // after the start of image
    return jpeg;
}

} // namespace dwn::test
