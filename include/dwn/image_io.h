#pragma once
// Reading and writing image files, and writing reports atomically.

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace dwn {

// Largest image accepted, in pixels per side; larger files are refused before decoding.
constexpr int kMaxImageSide = 16384;

// Reads a PNG, JPEG, BMP or any other format OpenCV decodes, keeping its depth and alpha.
// Throws dwn::Error naming the file when it is missing, unreadable, not an image, or larger
// than kMaxImageSide on a side.
cv::Mat readImage(const std::filesystem::path& file);

// The same for a file's bytes already in memory; `file` names it in messages.
cv::Mat decodeImage(const std::vector<unsigned char>& bytes, const std::filesystem::path& file);

// Creates `folder` and its parents, as far as they are missing. Throws dwn::Error naming the
// folder, and why, when it cannot be created.
void createFolder(const std::filesystem::path& folder);

// Writes a PNG atomically: to a temporary file beside `file`, then renamed onto it.
// Throws dwn::Error naming the file when the folder is missing or not writable.
void writePngAtomically(const std::filesystem::path& file, const cv::Mat& image);

// Writes text (CSV, JSON) atomically, as writePngAtomically does.
void writeTextAtomically(const std::filesystem::path& file, const std::string& text);

// Saves a drawing as `root`/<label>/<label>___YYYY-MM-DD_HH-MM-SS.png (local time of `when`),
// adding _2, _3, … when that name is taken: written to a temporary file, then linked to its
// name, so that an existing file is never overwritten and no half-written file is seen.
// Creates the label's folder. Returns the path written. Throws dwn::Error naming the folder
// when it cannot be created or written (read-only, full disk).
std::filesystem::path saveDrawing(const std::filesystem::path& root, const std::string& label,
                                  const cv::Mat& image, std::time_t when);

} // namespace dwn
