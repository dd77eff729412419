// A Kaggle "Digit Recognizer" CSV file (train.csv or test.csv).

#include <cstddef>
#include <cstdint>

#include "dwn/datasets.h"
#include "dwn/error.h"
#include "scratch_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        dwn::readKaggleCsv(dwn::fuzz::scratchFile("kaggle.csv", data, size));
    } catch (const dwn::Error&) {
    }
    return 0;
}
