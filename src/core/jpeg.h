#pragma once
// JPEG decoding through libjpeg, with its complaints turned into our messages.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace dwn {

// Whether the bytes start as a JPEG does (SOI and a marker).
bool isJpeg(const std::vector<unsigned char>& bytes);

// Decodes a JPEG to 8-bit grey (grey files) or BGR (colour and CMYK files), as OpenCV's
// IMREAD_UNCHANGED would, turned upright as its Exif orientation says (as viewers and
// IMREAD_COLOR turn a phone's photos), and without anything on stderr: a JPEG that libjpeg
// cannot decode, that ends early or whose data is corrupt, or that is larger than
// kMaxImageSide on a side is refused with dwn::Error naming the file (`name`, as messages
// quote it) and libjpeg's reason.
// Stray bytes between markers, which viewers ignore, are ignored.
cv::Mat decodeJpeg(const std::vector<unsigned char>& bytes, const std::string& name);

} // namespace dwn
