#pragma once
// Walking the folders of an evaluation set, counting and writing its CSV.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace dwn::detail {

// Files below `dir`, hidden ones (and hidden folders) left out, in name order.
std::vector<std::filesystem::path> filesBelow(const std::filesystem::path& dir);

// `file`'s path below `root`, with forward slashes.
std::string relativeName(const std::filesystem::path& file, const std::filesystem::path& root);

// part / whole, 0 for an empty whole.
inline double share(std::size_t part, std::size_t whole)
{
    return whole ? double(part) / double(whole) : 0.0;
}

// A CSV field, quoted where CSV needs it.
std::string quoted(const std::string& field);

} // namespace dwn::detail
