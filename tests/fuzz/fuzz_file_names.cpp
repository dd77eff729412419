// The file names of the evaluation folders: the number a name states ("2026_3.png"), as the
// numbers set reads it, with the input as one path of several parts.

#include <cstddef>
#include <cstdint>
#include <string>

#include "dwn/number_eval.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string name(reinterpret_cast<const char*>(data), size);
    if (name.find('\0') != std::string::npos)
        return 0; // no file name holds one
    dwn::numberLabelOf(name);
    return 0;
}
