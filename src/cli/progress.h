#pragma once
// A progress bar on stderr for long runs: redrawn in place, cleared when done.

#include <cstddef>
#include <cstdio>
#include <string>

namespace dwn::cli {

// Draws `label [####......] done/total` every `every` steps and at the end, then clears it.
inline void progressBar(const std::string& label, std::size_t done, std::size_t total,
                        std::size_t every = 20)
{
    if (total == 0 || (done % every != 0 && done != total))
        return;
    const std::size_t width = 30, filled = width * done / total;
    std::fprintf(stderr, "\r  %s [%s%s] %zu/%zu", label.c_str(), std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total);
    if (done == total)
        std::fprintf(stderr, "\r%*s\r", static_cast<int>(width + label.size() + 30), "");
    std::fflush(stderr);
}

} // namespace dwn::cli
