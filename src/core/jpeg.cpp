#include "jpeg.h"

#include <csetjmp>
#include <cstdio>
#include <string>

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

// The decoding proper. Only trivially destructible objects live in this frame, since a fatal
// complaint leaves it by longjmp. Leaves `image` empty and gives its size when it is larger than
// kMaxImageSide on a side. Returns libjpeg's first complaint, empty when there was none.
std::string decode(const std::vector<unsigned char>& bytes, cv::Mat& image, JDIMENSION& width,
                   JDIMENSION& height)
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
    jpeg_read_header(&info, TRUE);
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
    const std::string complaint = decode(bytes, image, width, height);
    if (complaint.empty() && image.empty())
        throw detail::tooLarge(name, width, height);
    if (complaint.find("Premature end") != std::string::npos)
        throw Error("image " + name + " is a truncated JPEG (" + complaint + ")");
    if (!complaint.empty())
        throw Error("image " + name + " is a corrupt JPEG (" + complaint + ")");
    return image;
}

} // namespace dwn
