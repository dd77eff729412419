#pragma once
// Pictures for the reports, drawn with OpenCV alone: line charts and a confusion heatmap.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "dwn/metrics.h"

namespace dwn {

struct Series {
    std::string name;
    std::vector<double> values; // one per x = 1, 2, …
    cv::Scalar colour;          // BGR
};

// A line chart of the series over x = 1 … n with a title, axes, ticks and a legend.
// Throws dwn::Error when there is no series or a series is empty.
cv::Mat lineChart(const std::string& title, const std::string& xLabel,
                  const std::vector<Series>& series);

struct Curve {
    std::string name;                // with its AUROC, say
    std::vector<cv::Point2d> points; // x and y in [0, 1]
    cv::Point2d marker;              // the operating point, drawn as a ring
    cv::Scalar colour;               // BGR
};

// An ROC chart: share of non-digits accepted (x) against share of digits accepted (y), with
// the diagonal of chance, each curve's operating point marked, and a legend. Throws
// dwn::Error when there is no curve.
cv::Mat rocChart(const std::string& title, const std::vector<Curve>& curves);

// The confusion matrix as a heatmap with the counts written in the cells.
cv::Mat confusionHeatmap(const Metrics& metrics, const std::string& title);

} // namespace dwn
