// Image bytes as a dropped or opened file brings them: decoded, preprocessed as one drawing,
// and split into the pieces of a number, each run preprocessed as a digit would be.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/preprocess.h"
#include "dwn/segmentation.h"

const std::size_t kMaxPixels = 160 * 160;
const std::size_t kMaxRuns = 6; // runs of pieces preprocessed, from the first pieces

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    cv::Mat image;
    try {
        image = dwn::decodeImage(std::vector<unsigned char>(data, data + size), "input");
    } catch (const dwn::Error&) {
        return 0;
    }
    // Pixel work is linear in the image; big images only slow the search down.
    if (image.total() > kMaxPixels)
        return 0;
    try {
        dwn::prepare(image);
    } catch (const dwn::Error&) {
    }
    try {
        const dwn::Pieces pieces = dwn::piecesOfImage(image);
        for (std::size_t i = 0; i < std::min<std::size_t>(pieces.pieces.size(), kMaxRuns); ++i)
            for (std::size_t j = i; j < pieces.pieces.size() && j < i + 3; ++j)
                try {
                    dwn::preprocessInk(dwn::composeRun(pieces.pieces, i, j, nullptr), pieces.soft);
                } catch (const dwn::Error&) {
                }
    } catch (const dwn::Error&) {
    }
    return 0;
}
