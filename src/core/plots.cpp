#include "dwn/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "dwn/error.h"

namespace dwn {
namespace {

const int kWidth = 800, kHeight = 500;                       // chart size in pixels
const int kLeft = 80, kRight = 170, kTop = 50, kBottom = 60; // margins around the plot area
const int kFont = cv::FONT_HERSHEY_SIMPLEX;
const cv::Scalar kText(30, 30, 30), kGrid(220, 220, 220), kWhite(255, 255, 255);

std::string format(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, std::fabs(v) >= 100 ? "%.0f" : "%.3g", v);
    return text;
}

void centredText(cv::Mat& img, const std::string& text, cv::Point centre, double scale, int thick)
{
    int base = 0;
    const cv::Size size = cv::getTextSize(text, kFont, scale, thick, &base);
    cv::putText(img, text, centre - cv::Point(size.width / 2, -size.height / 2), kFont, scale,
                kText, thick, cv::LINE_AA);
}

} // namespace

cv::Mat lineChart(const std::string& title, const std::string& xLabel,
                  const std::vector<Series>& series)
{
    if (series.empty() ||
        std::any_of(series.begin(), series.end(), [](const Series& s) { return s.values.empty(); }))
        throw Error("a chart needs at least one series with values");
    double lo = series[0].values[0], hi = lo;
    std::size_t n = 0;
    for (const Series& s : series) {
        n = std::max(n, s.values.size());
        for (double v : s.values) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (hi - lo < 1e-12) {
        lo -= 0.5;
        hi += 0.5;
    }
    const double pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;

    cv::Mat img(kHeight, kWidth, CV_8UC3, kWhite);
    const cv::Rect area(kLeft, kTop, kWidth - kLeft - kRight, kHeight - kTop - kBottom);
    auto toPoint = [&](double x, double y) {
        const double fx = n > 1 ? (x - 1) / double(n - 1) : 0.5;
        return cv::Point2d(area.x + fx * area.width, area.y + (hi - y) / (hi - lo) * area.height);
    };
    for (int i = 0; i <= 5; ++i) { // horizontal grid with value ticks
        const double v = lo + (hi - lo) * i / 5;
        const int y = cvRound(toPoint(1, v).y);
        cv::line(img, {area.x, y}, {area.br().x, y}, kGrid, 1);
        cv::putText(img, format(v), {8, y + 5}, kFont, 0.45, kText, 1, cv::LINE_AA);
    }
    const std::size_t step = std::max<std::size_t>(1, n / 10);
    for (std::size_t x = 1; x <= n; x += step) { // x ticks
        const cv::Point p(cvRound(toPoint(double(x), lo).x), area.br().y);
        cv::line(img, p, p + cv::Point(0, 5), kText, 1);
        centredText(img, std::to_string(x), p + cv::Point(0, 18), 0.45, 1);
    }
    cv::rectangle(img, area, kText, 1);
    for (std::size_t k = 0; k < series.size(); ++k) {
        const Series& s = series[k];
        for (std::size_t i = 0; i < s.values.size(); ++i) {
            const cv::Point2d p = toPoint(double(i + 1), s.values[i]);
            if (i > 0)
                cv::line(img, toPoint(double(i), s.values[i - 1]), p, s.colour, 2, cv::LINE_AA);
            cv::circle(img, p, 3, s.colour, cv::FILLED, cv::LINE_AA);
        }
        const cv::Point legend(area.br().x + 15, area.y + 20 + int(k) * 24);
        cv::line(img, legend, legend + cv::Point(25, 0), s.colour, 3, cv::LINE_AA);
        cv::putText(img, s.name, legend + cv::Point(32, 5), kFont, 0.5, kText, 1, cv::LINE_AA);
    }
    centredText(img, title, {kWidth / 2, kTop / 2}, 0.7, 2);
    centredText(img, xLabel, {area.x + area.width / 2, kHeight - 15}, 0.55, 1);
    return img;
}

cv::Mat rocChart(const std::string& title, const std::vector<Curve>& curves)
{
    if (curves.empty())
        throw Error("an ROC chart needs at least one curve");
    const int side = 420, left = 80, top = 50, legendW = 470;
    cv::Mat img(top + side + 60, left + side + legendW, CV_8UC3, kWhite);
    const cv::Rect area(left, top, side, side);
    auto toPoint = [&](cv::Point2d p) {
        return cv::Point2d(area.x + p.x * side, area.y + (1 - p.y) * side);
    };
    for (int i = 0; i <= 5; ++i) {
        const double v = i / 5.0;
        const cv::Point2d h = toPoint({0, v}), w = toPoint({v, 0});
        cv::line(img, h, h + cv::Point2d(side, 0), kGrid, 1);
        cv::line(img, w, w - cv::Point2d(0, side), kGrid, 1);
        cv::putText(img, format(v), cv::Point(cvRound(h.x) - 40, cvRound(h.y) + 5), kFont, 0.45,
                    kText, 1, cv::LINE_AA);
        centredText(img, format(v), cv::Point(cvRound(w.x), cvRound(w.y) + 16), 0.45, 1);
    }
    cv::line(img, toPoint({0, 0}), toPoint({1, 1}), kGrid, 1, cv::LINE_AA);
    cv::rectangle(img, area, kText, 1);
    for (std::size_t k = 0; k < curves.size(); ++k) {
        const Curve& c = curves[k];
        for (std::size_t i = 1; i < c.points.size(); ++i)
            cv::line(img, toPoint(c.points[i - 1]), toPoint(c.points[i]), c.colour, 2, cv::LINE_AA);
        cv::circle(img, toPoint(c.marker), 7, c.colour, 2, cv::LINE_AA);
        const cv::Point legend(area.br().x + 20, area.y + 20 + int(k) * 26);
        cv::line(img, legend, legend + cv::Point(25, 0), c.colour, 3, cv::LINE_AA);
        cv::putText(img, c.name, legend + cv::Point(32, 5), kFont, 0.45, kText, 1, cv::LINE_AA);
    }
    const cv::Point note(area.br().x + 20, area.y + 30 + int(curves.size()) * 26);
    cv::circle(img, note, 7, kText, 2, cv::LINE_AA);
    cv::putText(img, "the model's trusted_threshold", note + cv::Point(20, 5), kFont, 0.45, kText,
                1, cv::LINE_AA);
    centredText(img, title, {img.cols / 2, top / 2}, 0.65, 2);
    centredText(img, "share of non-digits accepted", {area.x + side / 2, img.rows - 15}, 0.5, 1);
    cv::Mat label(30, side, CV_8UC3, kWhite), turned;
    centredText(label, "share of digits accepted", {side / 2, 15}, 0.5, 1);
    cv::rotate(label, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
    turned.copyTo(img(cv::Rect(2, top, 30, side)));
    return img;
}

cv::Mat confusionHeatmap(const Metrics& metrics, const std::string& title)
{
    const int cell = 56, left = 90, top = 80;
    cv::Mat img(top + 10 * cell + 40, left + 10 * cell + 30, CV_8UC3, kWhite);
    std::int64_t most = 1;
    for (int t = 0; t < 10; ++t)
        for (int p = 0; p < 10; ++p)
            if (t != p)
                most = std::max(most, metrics.confusion[t][p]);
    for (int t = 0; t < 10; ++t)
        for (int p = 0; p < 10; ++p) {
            const std::int64_t count = metrics.confusion[t][p];
            const cv::Rect r(left + p * cell, top + t * cell, cell, cell);
            // The diagonal in green; mistakes in red, darker the more there are.
            const double share = t == p ? 1.0 : std::sqrt(double(count) / most);
            const cv::Scalar colour = t == p ? cv::Scalar(170, 220, 170)
                                      : count == 0
                                          ? kWhite
                                          : cv::Scalar(255 - 200 * share, 255 - 200 * share, 255);
            cv::rectangle(img, r, colour, cv::FILLED);
            cv::rectangle(img, r, kGrid, 1);
            centredText(img, std::to_string(count), (r.tl() + r.br()) / 2, 0.45, 1);
        }
    for (int d = 0; d < 10; ++d) {
        centredText(img, std::to_string(d), {left + d * cell + cell / 2, top - 15}, 0.6, 2);
        centredText(img, std::to_string(d), {left - 20, top + d * cell + cell / 2}, 0.6, 2);
    }
    centredText(img, title, {img.cols / 2, 22}, 0.65, 2);
    centredText(img, "predicted", {left + 5 * cell, top - 40}, 0.5, 1);
    cv::putText(img, "true", {8, top + 5 * cell}, kFont, 0.5, kText, 1, cv::LINE_AA);
    return img;
}

} // namespace dwn
