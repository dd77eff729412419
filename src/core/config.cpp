#include "dwn/config.h"

#include <cstdlib>
#include <vector>

#include <nlohmann/json.hpp>

#include "dwn/error.h"
#include "json_file.h"

namespace dwn {

namespace fs = std::filesystem;

fs::path defaultConfigPath()
{
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    const fs::path base = xdg && *xdg ? fs::path(xdg)
                          : home      ? fs::path(home) / ".config"
                                      : fs::current_path();
    return base / "detect-written-number" / "config.json";
}

Config loadConfig(const fs::path& file, bool mustExist)
{
    Config config;
    const std::string where = "config file '" + file.string() + "'";
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        if (mustExist)
            throw Error(where + " does not exist");
        return config;
    }
    const nlohmann::json json = detail::readJsonObject(file, where);
    auto path = [&](const char* key) -> std::optional<fs::path> {
        const auto it = json.find(key);
        if (it == json.end())
            return std::nullopt;
        if (!it->is_string())
            throw Error(where + ": key '" + key + "' must be a path string");
        return file.parent_path() / it->get<std::string>();
    };
    config.model = path("model");
    config.card = path("data");
    config.inputs = path("inputs").value_or(config.inputs);
    if (const auto pen = json.find("pen"); pen != json.end()) {
        if (!pen->is_number_integer() || *pen < 1 || *pen > 100)
            throw Error(where + ": key 'pen' must be a whole number from 1 to 100");
        config.penWidth = pen->get<int>();
    }
    for (auto [key, into] : {std::pair<const char*, bool*>{"live", &config.live},
                             std::pair<const char*, bool*>{"confirm", &config.confirm}})
        if (const auto value = json.find(key); value != json.end()) {
            if (!value->is_boolean())
                throw Error(where + ": key '" + key + "' must be true or false");
            *into = value->get<bool>();
        }
    if (const auto device = json.find("device"); device != json.end()) {
        if (!device->is_string())
            throw Error(where + ": key 'device' must be \"auto\", \"cpu\" or \"cuda\"");
        try {
            config.device = parseDevice(device->get<std::string>());
        } catch (const Error& e) {
            throw Error(where + ": key 'device': " + e.what());
        }
    }
    return config;
}

fs::path findModel(const std::optional<fs::path>& flag, const Config& config)
{
    if (flag)
        return *flag;
    if (config.model)
        return *config.model;
    // Installed beside the running program (PREFIX/bin/… and PREFIX/share/…, whatever the
    // prefix), then where the build was configured to install, then this source tree.
    std::error_code ec;
    std::vector<fs::path> places;
    const fs::path program = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        places.push_back(program.parent_path().parent_path() /
                         "share/detect-written-number/models/dwn.pt");
    places.push_back(fs::path(DWN_INSTALLED_MODELS) / "dwn.pt");
    places.push_back(fs::path(DWN_SOURCE_MODELS) / "dwn.pt");
    std::string looked;
    for (const fs::path& place : places) {
        if (fs::exists(place, ec))
            return place;
        looked += " '" + place.string() + "'";
    }
    throw Error("no model found (looked at" + looked +
                "); pass --model or set \"model\" in the config file");
}

} // namespace dwn
