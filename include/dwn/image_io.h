#pragma once
// Reading and writing image files.

#include <filesystem>

#include <opencv2/core.hpp>

namespace dwn {

// Largest image accepted, in pixels per side; larger files are refused before decoding.
constexpr int kMaxImageSide = 16384;

// Reads a PNG, JPEG, BMP or any other format OpenCV decodes, keeping its depth and alpha.
// Throws dwn::Error naming the file when it is missing, unreadable, not an image, or larger
// than kMaxImageSide on a side.
cv::Mat readImage(const std::filesystem::path& file);

// Writes a PNG atomically: to a temporary file beside `file`, then renamed onto it.
// Throws dwn::Error naming the file when the folder is missing or not writable.
void writePngAtomically(const std::filesystem::path& file, const cv::Mat& image);

} // namespace dwn
