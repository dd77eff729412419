#pragma once
// Internal: SHA-256 of a file, for the data hashes written into data.json.

#include <filesystem>
#include <string>

namespace dwn::detail {

// The lower-case hex SHA-256 of the file's bytes. Throws dwn::Error when it cannot be read.
std::string sha256File(const std::filesystem::path& file);

// The same for bytes in memory.
std::string sha256(const std::string& bytes);

} // namespace dwn::detail
