#pragma once
// Internal: reading the project's small JSON files (data.json, the config file).

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace dwn::detail {

// Parses `file`, which must hold a JSON object. `where` names it in messages ("model card
// 'models/data.json'"). Throws dwn::Error when it is missing, unreadable, not JSON or not
// an object.
nlohmann::json readJsonObject(const std::filesystem::path& file, const std::string& where);

} // namespace dwn::detail
