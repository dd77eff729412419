// An MNIST-style IDX pair: the input's first two bytes (big-endian) say how long the images
// file is; the labels file is the rest.

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "dwn/datasets.h"
#include "dwn/error.h"
#include "scratch_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2)
        return 0;
    const std::size_t rest = size - 2;
    const std::size_t split = std::min<std::size_t>(rest, std::size_t(data[0]) << 8 | data[1]);
    const auto images = dwn::fuzz::scratchFile("images", data + 2, split);
    const auto labels = dwn::fuzz::scratchFile("labels", data + 2 + split, rest - split);
    try {
        dwn::readIdx(images, labels);
    } catch (const dwn::Error&) {
    }
    return 0;
}
