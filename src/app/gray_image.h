#pragma once
// A grey OpenCV image (the 28x28 images the network reads, an opened file as ink on paper) as
// a QImage that owns its pixels.

#include <QImage>

#include <opencv2/core.hpp>

inline QImage toQImage(const cv::Mat& gray)
{
    return QImage(gray.data, gray.cols, gray.rows, static_cast<int>(gray.step),
                  QImage::Format_Grayscale8)
        .copy();
}
