#pragma once
// Internal: the message for an image past kMaxImageSide, shared by every decoder.

#include <string>

#include "dwn/error.h"
#include "dwn/image_io.h"

namespace dwn::detail {

// "image 'x.png' is too large: 20000x10 pixels, at most 16384 per side" (`name` quoted).
inline Error tooLarge(const std::string& name, unsigned long width, unsigned long height)
{
    return Error("image " + name + " is too large: " + std::to_string(width) + "x" +
                 std::to_string(height) + " pixels, at most " + std::to_string(kMaxImageSide) +
                 " per side");
}

} // namespace dwn::detail
