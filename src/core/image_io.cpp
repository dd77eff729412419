#include "dwn/image_io.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <system_error>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include "dwn/error.h"
#include "image_limits.h"
#include "jpeg.h"

namespace dwn {
namespace {

namespace fs = std::filesystem;

// Image files larger than this are refused before reading them.
const std::uintmax_t kMaxFileBytes = 256u << 20;

std::string quoted(const fs::path& file)
{
    return "'" + file.string() + "'";
}

std::uint32_t bigEndian32(const std::vector<uchar>& bytes, std::size_t at)
{
    return (std::uint32_t(bytes[at]) << 24) | (std::uint32_t(bytes[at + 1]) << 16) |
           (std::uint32_t(bytes[at + 2]) << 8) | std::uint32_t(bytes[at + 3]);
}

// A PNG is checked before OpenCV decodes it, for what libpng would otherwise complain about
// on stderr in its own words: its header's size (a small file that claims a huge image is
// refused without allocating it), and every chunk whole, with a right checksum, up to IEND.
void checkPng(const std::vector<uchar>& bytes, const fs::path& file)
{
    static const std::array<uchar, 8> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (bytes.size() < kSignature.size() ||
        !std::equal(kSignature.begin(), kSignature.end(), bytes.begin()))
        return;
    if (bytes.size() < 24)
        throw Error("image " + quoted(file) + " is a truncated PNG (no header)");
    const std::uint32_t width = bigEndian32(bytes, 16);
    const std::uint32_t height = bigEndian32(bytes, 20);
    if (width > std::uint32_t(kMaxImageSide) || height > std::uint32_t(kMaxImageSide))
        throw detail::tooLarge(quoted(file), width, height);
    for (std::size_t at = kSignature.size();;) {
        if (bytes.size() - at < 12)
            throw Error("image " + quoted(file) + " is a truncated PNG (it ends before IEND)");
        const std::uint32_t length = bigEndian32(bytes, at);
        if (length > bytes.size() - at - 12)
            throw Error("image " + quoted(file) + " is a truncated PNG (it ends inside a chunk)");
        const std::string type(bytes.begin() + static_cast<std::ptrdiff_t>(at + 4),
                               bytes.begin() + static_cast<std::ptrdiff_t>(at + 8));
        const uLong crc = crc32(crc32(0, nullptr, 0), bytes.data() + at + 4, length + 4);
        if (crc != bigEndian32(bytes, at + 8 + length))
            throw Error("image " + quoted(file) + " is a corrupt PNG (chunk " + type +
                        " fails its checksum)");
        if (type == "IEND")
            return;
        at += 12 + std::size_t(length);
    }
}

// Whether the bytes start as one of the formats read here: PNG, JPEG, BMP, TIFF, WebP, or
// PBM/PGM/PPM. Anything else is refused before OpenCV would hand it to a decoder of last resort
// (GDAL), which prints its own complaints and writes temporary files.
bool knownFormat(const std::vector<uchar>& b)
{
    auto starts = [&b](std::initializer_list<int> prefix) {
        if (b.size() < prefix.size())
            return false;
        std::size_t i = 0;
        for (int c : prefix)
            if (c >= 0 && b[i++] != c)
                return false;
            else if (c < 0)
                ++i;
        return true;
    };
    return starts({0x89, 'P', 'N', 'G'}) || isJpeg(b) || starts({'B', 'M'}) ||
           starts({'I', 'I', 42, 0}) || starts({'M', 'M', 0, 42}) ||
           starts({'R', 'I', 'F', 'F', -1, -1, -1, -1, 'W', 'E', 'B', 'P'}) ||
           (b.size() > 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6');
}

// OpenCV's imdecode reports a decoder's failure on std::cerr ("imdecode_(''): can't read
// header: …") and returns an empty image. While one of these lives, what is written to std::cerr
// is kept instead, to become part of our own message; decoding is serialised meanwhile, since
// std::cerr is shared.
class CerrCapture {
public:
    CerrCapture() : lock_(mutex()), previous_(std::cerr.rdbuf(text_.rdbuf())) {}
    ~CerrCapture() { std::cerr.rdbuf(previous_); }
    CerrCapture(const CerrCapture&) = delete;
    CerrCapture& operator=(const CerrCapture&) = delete;

    // The decoder's complaint, without OpenCV's prefixes: "can't read header: Unexpected end
    // of input stream in function 'readBlock'".
    std::string complaint() const
    {
        std::string text = text_.str();
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        text = text.substr(text.rfind('\n') + 1);
        const std::size_t what = text.find("can't read");
        const std::size_t colon = text.find(": ", what);
        const std::size_t error = text.find("error: (", colon);
        if (what == std::string::npos || colon == std::string::npos)
            return text;
        const std::string reason =
            text.substr(error == std::string::npos ? colon + 2 : text.find(") ", error) + 2);
        return text.substr(what, colon + 2 - what) + reason;
    }

private:
    static std::mutex& mutex()
    {
        static std::mutex decoding;
        return decoding;
    }

    std::lock_guard<std::mutex> lock_;
    std::ostringstream text_;
    std::streambuf* previous_;
};

} // namespace

cv::Mat readImage(const fs::path& file)
{
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw Error("image " + quoted(file) + " does not exist");
    if (fs::is_directory(file, ec))
        throw Error("image " + quoted(file) + " is a folder, not a file");
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec)
        throw Error("cannot read image " + quoted(file) + ": " + ec.message());
    if (size > kMaxFileBytes)
        throw Error("image " + quoted(file) + " is too large: " + std::to_string(size >> 20) +
                    " MiB, at most " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot open image " + quoted(file) + ": permission denied or unreadable");
    std::vector<uchar> bytes(static_cast<std::size_t>(size));
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        throw Error("cannot read image " + quoted(file));
    return decodeImage(bytes, file);
}

cv::Mat decodeImage(const std::vector<uchar>& bytes, const fs::path& file)
{
    if (bytes.empty())
        throw Error("image " + quoted(file) + " is an empty file");
    if (!knownFormat(bytes))
        throw Error("cannot decode image " + quoted(file) +
                    ": not an image in a format read here (PNG, JPEG, BMP, TIFF, WebP, "
                    "PBM/PGM/PPM)");
    checkPng(bytes, file);
    if (isJpeg(bytes))
        return decodeJpeg(bytes, quoted(file));

    cv::Mat image;
    std::string complaint;
    try {
        const CerrCapture capture;
        image = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
        complaint = capture.complaint();
    } catch (const cv::Exception& e) {
        throw Error("cannot decode image " + quoted(file) + ": " + e.err);
    }
    if (image.empty())
        throw Error("cannot decode image " + quoted(file) + ": " +
                    (complaint.empty() ? "not an image in a format OpenCV reads, or corrupt"
                                       : "corrupt (" + complaint + ")"));
    if (image.cols > kMaxImageSide || image.rows > kMaxImageSide)
        throw detail::tooLarge(quoted(file), unsigned(image.cols), unsigned(image.rows));
    return image;
}

namespace {

std::vector<uchar> encodePng(const cv::Mat& image, const fs::path& file)
{
    std::vector<uchar> png;
    if (!cv::imencode(".png", image, png))
        throw Error("cannot encode the image for " + quoted(file));
    return png;
}

// Writes `bytes` to a hidden temporary file in `folder` and returns its path.
fs::path writeTemporary(const fs::path& folder, const std::string& name,
                        const std::vector<uchar>& bytes, const fs::path& target)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error("cannot save " + quoted(target) + ": folder " + quoted(folder) +
                    " does not exist");
    const fs::path temporary = folder / ("." + name + ".part");
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
        throw Error("cannot save " + quoted(target) + ": folder " + quoted(folder) +
                    " is not writable");
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        fs::remove(temporary, ec);
        throw Error("cannot save " + quoted(target) + ": write failed (disk full?)");
    }
    return temporary;
}

// Writes `bytes` to `file` through a temporary file renamed onto it.
void writeAtomically(const fs::path& file, const std::vector<uchar>& bytes)
{
    const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const fs::path temporary = writeTemporary(folder, file.filename().string(), bytes, file);
    std::error_code ec;
    fs::rename(temporary, file, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw Error("cannot save " + quoted(file) + ": " + ec.message());
    }
}

} // namespace

void writePngAtomically(const fs::path& file, const cv::Mat& image)
{
    writeAtomically(file, encodePng(image, file));
}

void writeTextAtomically(const fs::path& file, const std::string& text)
{
    writeAtomically(file, std::vector<uchar>(text.begin(), text.end()));
}

void createFolder(const fs::path& folder)
{
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder, ec))
        throw Error("cannot create folder " + quoted(folder) +
                    (ec ? ": " + ec.message() : std::string()));
}

fs::path saveDrawing(const fs::path& root, const std::string& label, const cv::Mat& image,
                     std::time_t when)
{
    if (label.empty() || label.find_first_of("/\\:") != std::string::npos || label[0] == '.')
        throw Error("'" + label + "' cannot be a label: use a digit or a plain word");
    const fs::path folder = root / label;
    createFolder(folder);
    char stamp[32];
    std::tm local{};
    localtime_r(&when, &local);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H-%M-%S", &local);
    const std::string stem = label + "___" + stamp;
    const fs::path temporary =
        writeTemporary(folder, stem + ".png", encodePng(image, folder / (stem + ".png")),
                       folder / (stem + ".png"));
    std::error_code ec;
    for (int n = 1; n < 10000; ++n) {
        const fs::path file =
            folder / (n == 1 ? stem + ".png" : stem + "_" + std::to_string(n) + ".png");
        fs::create_hard_link(temporary, file, ec);
        if (!ec) {
            fs::remove(temporary, ec);
            return file;
        }
        if (ec != std::errc::file_exists)
            break;
    }
    const std::string why = ec.message();
    fs::remove(temporary, ec);
    throw Error("cannot save the drawing in " + quoted(folder) + ": " + why);
}

} // namespace dwn
