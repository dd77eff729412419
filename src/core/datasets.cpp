#include "dwn/datasets.h"

#include <fstream>
#include <iterator>

#include "dwn/error.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;

const std::uint32_t kImagesMagic = 0x00000803; // IDX: unsigned bytes, three dimensions
const std::uint32_t kLabelsMagic = 0x00000801; // IDX: unsigned bytes, one dimension

std::vector<std::uint8_t> readAll(const fs::path& file)
{
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw Error("data file '" + file.string() + "' does not exist");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot open data file '" + file.string() + "'");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t be32(const std::vector<std::uint8_t>& bytes, std::size_t at, const fs::path& file)
{
    if (bytes.size() < at + 4)
        throw Error("'" + file.string() + "' is truncated: header ends at byte " +
                    std::to_string(bytes.size()));
    return (std::uint32_t(bytes[at]) << 24) | (std::uint32_t(bytes[at + 1]) << 16) |
           (std::uint32_t(bytes[at + 2]) << 8) | std::uint32_t(bytes[at + 3]);
}

void checkMagic(std::uint32_t magic, std::uint32_t expected, const fs::path& file)
{
    if (magic != expected)
        throw Error("'" + file.string() + "' is not an IDX " +
                    (expected == kImagesMagic ? "image" : "label") + " file: magic number " +
                    std::to_string(magic) + " at byte 0, expected " + std::to_string(expected));
}

} // namespace

cv::Mat DigitImages::image(std::size_t i) const
{
    const std::size_t area = std::size_t(side) * side;
    return cv::Mat(side, side, CV_8UC1, const_cast<std::uint8_t*>(pixels.data() + i * area));
}

DigitImages readIdx(const fs::path& images, const fs::path& labels)
{
    const std::vector<std::uint8_t> img = readAll(images);
    const std::vector<std::uint8_t> lab = readAll(labels);
    checkMagic(be32(img, 0, images), kImagesMagic, images);
    checkMagic(be32(lab, 0, labels), kLabelsMagic, labels);
    const std::uint32_t count = be32(img, 4, images);
    const std::uint32_t rows = be32(img, 8, images);
    const std::uint32_t cols = be32(img, 12, images);
    const std::uint32_t labelCount = be32(lab, 4, labels);
    if (rows != cols || rows == 0 || rows > 1024)
        throw Error("'" + images.string() + "' holds " + std::to_string(rows) + "x" +
                    std::to_string(cols) + " images; square images are expected");
    if (count != labelCount)
        throw Error("'" + images.string() + "' holds " + std::to_string(count) + " images but '" +
                    labels.string() + "' " + std::to_string(labelCount) + " labels");
    const std::size_t area = std::size_t(rows) * cols;
    if (img.size() < 16 + count * area)
        throw Error("'" + images.string() + "' is truncated: " + std::to_string(img.size()) +
                    " bytes, " + std::to_string(16 + count * area) + " expected");
    if (lab.size() < 8 + std::size_t(count))
        throw Error("'" + labels.string() + "' is truncated: " + std::to_string(lab.size()) +
                    " bytes, " + std::to_string(8 + count) + " expected");
    DigitImages set;
    set.side = static_cast<int>(rows);
    set.pixels.assign(img.begin() + 16,
                      img.begin() + 16 + static_cast<std::ptrdiff_t>(count * area));
    set.labels.assign(lab.begin() + 8, lab.begin() + 8 + count);
    for (std::size_t i = 0; i < set.labels.size(); ++i)
        if (set.labels[i] > 9)
            throw Error("'" + labels.string() + "' has label " + std::to_string(set.labels[i]) +
                        " at byte " + std::to_string(8 + i) + "; labels are 0 to 9");
    return set;
}

DigitImages readMnist(const fs::path& folder, bool train)
{
    const std::string prefix = train ? "train" : "t10k";
    return readIdx(folder / (prefix + "-images-idx3-ubyte"),
                   folder / (prefix + "-labels-idx1-ubyte"));
}

} // namespace dwn
