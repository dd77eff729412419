// A model's data.json.

#include <cstddef>
#include <cstdint>

#include "dwn/error.h"
#include "dwn/model_card.h"
#include "scratch_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        dwn::loadModelCard(dwn::fuzz::scratchFile("data.json", data, size));
    } catch (const dwn::Error&) {
    }
    return 0;
}
