#include "json_file.h"

#include <fstream>

#include "dwn/error.h"

namespace dwn::detail {

nlohmann::json readJsonObject(const std::filesystem::path& file, const std::string& where)
{
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw Error(where + " does not exist");
    std::ifstream in(file);
    if (!in)
        throw Error("cannot open " + where);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(where + " is not valid JSON: " + e.what());
    }
    if (!json.is_object())
        throw Error(where + " must hold a JSON object");
    return json;
}

} // namespace dwn::detail
