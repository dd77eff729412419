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
    std::vector<std::uint8_t> labels; // 0 … 9

    std::size_t size() const { return labels.size(); }
    // A view of image i (no copy): valid while `pixels` is.
    cv::Mat image(std::size_t i) const;
};

// Reads an MNIST IDX pair (idx3 images, idx1 labels). Throws dwn::Error naming the file and
// the byte offset on a missing or truncated file, a wrong magic number, counts that differ,
// or a label above 9.
DigitImages readIdx(const std::filesystem::path& images, const std::filesystem::path& labels);

// The training or test pair of an MNIST folder (train-images-idx3-ubyte, …).
DigitImages readMnist(const std::filesystem::path& folder, bool train);

} // namespace dwn
