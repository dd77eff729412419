// The window's and the CLI's config.json.

#include <cstddef>
#include <cstdint>

#include "dwn/config.h"
#include "dwn/error.h"
#include "scratch_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        dwn::loadConfig(dwn::fuzz::scratchFile("config.json", data, size), true);
    } catch (const dwn::Error&) {
    }
    return 0;
}
