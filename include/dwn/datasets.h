#pragma once
// Labelled digit images in memory, and the readers that fill them.

#include <cstdint>
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

namespace dwn {

// Square 8-bit grey images of one size, ink bright on 0 (MNIST polarity), with labels.
struct DigitImages {
    int side = 28;
    std::vector<std::uint8_t> pixels; // size() * side * side bytes, image after image
    std::vector<std::uint8_t> labels; // 0 … 9, one per image; empty for an unlabelled set

    std::size_t size() const { return pixels.size() / (std::size_t(side) * side); }
    bool labelled() const { return labels.size() == size(); }
    // Appends a 28x28-style image of this set's size with its label.
    void add(const cv::Mat& image, std::uint8_t label);
    // A view of image i (no copy): valid while `pixels` is.
    cv::Mat image(std::size_t i) const;
};

// Reads an MNIST IDX pair (idx3 images, idx1 labels), plain or gzip-compressed (.gz).
// Throws dwn::Error naming the file and the byte offset on a missing or truncated file, a
// wrong magic number, counts that differ, or a label above 9.
DigitImages readIdx(const std::filesystem::path& images, const std::filesystem::path& labels);

// The training or test pair of an MNIST-style folder (train-images-idx3-ubyte, …, or the
// same names ending in .gz, as Fashion-MNIST comes).
DigitImages readMnist(const std::filesystem::path& folder, bool train);

// A Kaggle "Digit Recognizer" CSV: a header, then rows of label,pixel0 … pixel783 (train.csv)
// or pixel0 … pixel783 (test.csv, whose set is unlabelled). Throws dwn::Error naming the file,
// the line and the column of a bad value or a short row.
DigitImages readKaggleCsv(const std::filesystem::path& file);

// Labelled image folders: DIR/<digit>/*.png (or .jpg, .bmp, .tif, .webp, .pgm …), each passed
// through preprocess() as a drawing is, in name order. Other files and folders are ignored.
// Throws dwn::Error naming the image that cannot be read or holds nothing, or when no image
// is found.
DigitImages readImageFolders(const std::filesystem::path& folder);

} // namespace dwn
