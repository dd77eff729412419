#pragma once
// For fuzz targets whose entry point reads a file: the input written to a file of this
// process's own, overwritten on each run.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace dwn::fuzz {

inline std::filesystem::path scratchFile(const std::string& name, const std::uint8_t* data,
                                         std::size_t size)
{
    const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                       ("dwn-fuzz-" + std::to_string(getpid()) + "-" + name);
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return file;
}

} // namespace dwn::fuzz
