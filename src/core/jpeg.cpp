#include "jpeg.h"

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include <opencv2/core.hpp>

#include <jpeglib.h>

#include <jerror.h>

#include "dwn/error.h"
#include "dwn/image_io.h"
#include "image_limits.h"

namespace dwn {
namespace {

// libjpeg's error manager, extended with the first complaint and where to jump on a fatal one.
struct Complaints {
    jpeg_error_mgr manager{};
    std::jmp_buf fatal{};
    char first[JMSG_LENGTH_MAX] = {};
};

[[noreturn]] void onFatal(j_common_ptr info)
{
    auto* complaints = reinterpret_cast<Complaints*>(info->err);
    (*info->err->format_message)(info, complaints->first);
    std::longjmp(complaints->fatal, 1);
}

// Keeps the first warning that matters (trace messages have levels of 0 and above); prints
// nothing.
void onMessage(j_common_ptr info, int level)
{
    auto* complaints = reinterpret_cast<Complaints*>(info->err);
    if (level >= 0 || info->err->msg_code == JWRN_EXTRANEOUS_DATA || complaints->first[0] != 0)
        return;
    (*info->err->format_message)(info, complaints->first);
}

// CMYK as Adobe writes it (inverted) to BGR, as OpenCV converts it.
void cmykToBgr(const JSAMPLE* cmyk, uchar* bgr, JDIMENSION width)
{
    for (JDIMENSION x = 0; x < width; ++x, cmyk += 4, bgr += 3) {
        const int k = cmyk[3];
        for (int c = 0; c < 3; ++c)
            bgr[2 - c] = static_cast<uchar>(k - ((255 - cmyk[c]) * k >> 8));
    }
}

// The value of a 16- or 32-bit field of Exif data in its byte order (`motorola`: big-endian).
std::uint32_t field(const JOCTET* at, int bytes, bool motorola)
{
    std::uint32_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value |= std::uint32_t(at[motorola ? i : bytes - 1 - i]) << (8 * (bytes - 1 - i));
    return value;
}

const unsigned kExifHeader = 6; // an Exif segment starts "Exif\0\0", then holds a TIFF file

// The orientation tag of an Exif segment's TIFF file of `size` bytes (1 to 8), or 1 (stored
// upright) when it has none or is broken.
int orientationIn(const JOCTET* tiff, std::uint64_t size)
{
    if (size < 8)
        return 1;
    const bool motorola = tiff[0] == 'M' && tiff[1] == 'M';
    if (!motorola && !(tiff[0] == 'I' && tiff[1] == 'I'))
        return 1;
    const std::uint64_t ifd = field(tiff + 4, 4, motorola);
    if (ifd + 2 > size)
        return 1;
    const std::uint32_t entries = field(tiff + ifd, 2, motorola);
    const std::uint32_t kOrientationTag = 0x0112, kShort = 3;
    for (std::uint64_t at = ifd + 2; at + 12 <= size && at < ifd + 2 + 12ull * entries; at += 12) {
        if (field(tiff + at, 2, motorola) != kOrientationTag)
            continue;
        const std::uint32_t value = field(tiff + at + 8, 2, motorola);
        return field(tiff + at + 2, 2, motorola) == kShort && value >= 1 && value <= 8
                   ? static_cast<int>(value)
                   : 1;
    }
    return 1;
}

// The orientation of the first Exif segment among `markers`: phones store a photo as their
// sensor lay and say there how to turn it, as viewers show it.
int orientationOf(jpeg_saved_marker_ptr markers)
{
    for (jpeg_saved_marker_ptr m = markers; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= kExifHeader &&
            std::memcmp(m->data, "Exif\0\0", kExifHeader) == 0)
            return orientationIn(m->data + kExifHeader, m->data_length - kExifHeader);
    return 1;
}

// The image turned upright as its Exif `orientation` says, as viewers and OpenCV's
// IMREAD_COLOR turn it.
cv::Mat upright(const cv::Mat& image, int orientation)
{
    cv::Mat turned;
    switch (orientation) {
    case 2:
        cv::flip(image, turned, 1);
        return turned;
    case 3:
        cv::flip(image, turned, -1);
        return turned;
    case 4:
        cv::flip(image, turned, 0);
        return turned;
    case 5:
        cv::transpose(image, turned);
        return turned;
    case 6:
        cv::rotate(image, turned, cv::ROTATE_90_CLOCKWISE);
        return turned;
    case 7:
        cv::transpose(image, turned);
        cv::flip(turned, turned, -1);
        return turned;
    case 8:
        cv::rotate(image, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
        return turned;
    default:
        return image;
    }
}

// The decoding proper. Only trivially destructible objects live in this frame, since a fatal
// complaint leaves it by longjmp. Leaves `image` empty and gives its size when it is larger than
// kMaxImageSide on a side, and the Exif orientation in `orientation`. Returns libjpeg's first
// complaint, empty when there was none.
std::string decode(const std::vector<unsigned char>& bytes, cv::Mat& image, JDIMENSION& width,
                   JDIMENSION& height, int& orientation)
{
    jpeg_decompress_struct info{};
    Complaints complaints;
    info.err = jpeg_std_error(&complaints.manager);
    complaints.manager.error_exit = onFatal;
    complaints.manager.emit_message = onMessage;
    if (setjmp(complaints.fatal) != 0) {
        jpeg_destroy_decompress(&info);
        return complaints.first;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, bytes.data(), static_cast<unsigned long>(bytes.size()));
    jpeg_save_markers(&info, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&info, TRUE);
    orientation = orientationOf(info.marker_list);
    width = info.image_width;
    height = info.image_height;
    if (width > JDIMENSION(kMaxImageSide) || height > JDIMENSION(kMaxImageSide)) {
        jpeg_destroy_decompress(&info);
        return {};
    }
    const bool grey = info.jpeg_color_space == JCS_GRAYSCALE;
    const bool cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = grey ? JCS_GRAYSCALE : cmyk ? JCS_CMYK : JCS_EXT_BGR;
    jpeg_start_decompress(&info);
    image.create(static_cast<int>(info.output_height), static_cast<int>(info.output_width),
                 grey ? CV_8UC1 : CV_8UC3);
    JSAMPARRAY cmykRow = cmyk ? (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info),
                                                          JPOOL_IMAGE, info.output_width * 4, 1)
                              : nullptr;
    while (info.output_scanline < info.output_height) {
        uchar* row = image.ptr<uchar>(static_cast<int>(info.output_scanline));
        JSAMPROW target = cmyk ? cmykRow[0] : row;
        jpeg_read_scanlines(&info, &target, 1);
        if (cmyk)
            cmykToBgr(cmykRow[0], row, info.output_width);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return complaints.first;
}

} // namespace

bool isJpeg(const std::vector<unsigned char>& bytes)
{
    return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

cv::Mat decodeJpeg(const std::vector<unsigned char>& bytes, const std::string& name)
{
    cv::Mat image;
    JDIMENSION width = 0, height = 0;
    int orientation = 1;
    const std::string complaint = decode(bytes, image, width, height, orientation);
    if (complaint.empty() && image.empty())
        throw detail::tooLarge(name, width, height);
    if (complaint.find("Premature end") != std::string::npos)
        throw Error("image " + name + " is a truncated JPEG (" + complaint + ")");
    if (!complaint.empty())
        throw Error("image " + name + " is a corrupt JPEG (" + complaint + ")");
    return upright(image, orientation);
}

} // namespace dwn
