#include "dwn/datasets.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <zlib.h>

#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/preprocess.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;

const std::uint32_t kImagesMagic = 0x00000803; // IDX: unsigned bytes, three dimensions
const std::uint32_t kLabelsMagic = 0x00000801; // IDX: unsigned bytes, one dimension

// The whole file, decompressed when its name ends in .gz.
std::vector<std::uint8_t> readAll(const fs::path& file)
{
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw Error("data file '" + file.string() + "' does not exist");
    if (file.extension() != ".gz") {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw Error("cannot open data file '" + file.string() + "'");
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    gzFile gz = gzopen(file.c_str(), "rb");
    if (!gz)
        throw Error("cannot open data file '" + file.string() + "'");
    std::vector<std::uint8_t> bytes;
    std::uint8_t chunk[1 << 16];
    int got = 0;
    while ((got = gzread(gz, chunk, sizeof chunk)) > 0)
        bytes.insert(bytes.end(), chunk, chunk + got);
    int status = Z_OK;
    const char* why = gzerror(gz, &status);
    gzclose(gz);
    if (got < 0 || (status != Z_OK && status != Z_STREAM_END))
        throw Error("'" + file.string() + "' is not valid gzip data: " + why);
    return bytes;
}

// The file itself, or its .gz twin when only that exists.
fs::path plainOrGz(const fs::path& file)
{
    std::error_code ec;
    fs::path gz = file;
    gz += ".gz";
    return !fs::exists(file, ec) && fs::exists(gz, ec) ? gz : file;
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

// Whether the file's extension is that of an image format OpenCV reads.
bool isImageName(const fs::path& file)
{
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const char* known :
         {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm"})
        if (ext == known)
            return true;
    return false;
}

} // namespace

void DigitImages::add(const cv::Mat& image, std::uint8_t label)
{
    CV_Assert(image.type() == CV_8UC1 && image.rows == side && image.cols == side);
    const cv::Mat dense = image.isContinuous() ? image : image.clone();
    pixels.insert(pixels.end(), dense.datastart, dense.dataend);
    labels.push_back(label);
}

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
    return readIdx(plainOrGz(folder / (prefix + "-images-idx3-ubyte")),
                   plainOrGz(folder / (prefix + "-labels-idx1-ubyte")));
}

DigitImages readKaggleCsv(const fs::path& file)
{
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw Error("CSV file '" + file.string() + "' does not exist");
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line))
        throw Error("CSV file '" + file.string() + "' is empty");
    const bool labelled = line.rfind("label", 0) == 0;
    const std::size_t columns = 784 + (labelled ? 1 : 0);
    DigitImages set;
    std::vector<int> values;
    for (std::size_t lineNo = 2; std::getline(in, line); ++lineNo) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            continue;
        values.clear();
        std::size_t start = 0;
        while (start <= line.size()) {
            const std::size_t end = std::min(line.find(',', start), line.size());
            const std::string cell = line.substr(start, end - start);
            const bool isLabel = labelled && values.empty();
            const bool number =
                !cell.empty() && cell.size() <= 3 &&
                std::all_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; });
            const int value = number ? std::stoi(cell) : -1;
            if (!number || value > (isLabel ? 9 : 255))
                throw Error("'" + file.string() + "' line " + std::to_string(lineNo) + " column " +
                            std::to_string(values.size() + 1) + ": '" + cell + "' is not " +
                            (isLabel ? "a label 0 to 9" : "a pixel 0 to 255"));
            values.push_back(value);
            start = end + 1;
        }
        if (values.size() != columns)
            throw Error("'" + file.string() + "' line " + std::to_string(lineNo) + " has " +
                        std::to_string(values.size()) + " values, " + std::to_string(columns) +
                        " expected");
        for (std::size_t k = labelled ? 1 : 0; k < values.size(); ++k)
            set.pixels.push_back(static_cast<std::uint8_t>(values[k]));
        if (labelled)
            set.labels.push_back(static_cast<std::uint8_t>(values[0]));
    }
    if (set.size() == 0)
        throw Error("CSV file '" + file.string() + "' holds no images");
    return set;
}

DigitImages readImageFolders(const fs::path& folder)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error("image folder '" + folder.string() + "' does not exist");
    DigitImages set;
    for (int digit = 0; digit <= 9; ++digit) {
        const fs::path sub = folder / std::to_string(digit);
        if (!fs::is_directory(sub, ec))
            continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(sub))
            if (entry.is_regular_file() && entry.path().filename().string()[0] != '.' &&
                isImageName(entry.path()))
                files.push_back(entry.path());
        std::sort(files.begin(), files.end()); // the same order on every machine
        for (const fs::path& file : files) {
            try {
                set.add(preprocess(readImage(file)).image, static_cast<std::uint8_t>(digit));
            } catch (const Error& e) {
                throw Error("'" + file.string() + "': " + e.what());
            }
        }
    }
    if (set.size() == 0)
        throw Error("no images in '" + folder.string() + "/0' … '/9'");
    return set;
}

} // namespace dwn
