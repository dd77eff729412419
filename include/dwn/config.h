#pragma once
// Settings shared by the executables, and where the model is found.

#include <filesystem>
#include <optional>

#include "dwn/classifier.h"

namespace dwn {

struct Config {
    std::optional<std::filesystem::path> model; // TorchScript model
    std::optional<std::filesystem::path> card;  // its data.json
    Device device = Device::Auto;
    int penWidth = 18;                       // the window's pen, in pixels (1 to 100)
    std::filesystem::path inputs = "inputs"; // where the window saves drawings
    bool live = false;                       // the window recognises while drawing
    bool confirm = true; // the window asks before Clear, Open Image or quitting discard a drawing
};

// $XDG_CONFIG_HOME/detect-written-number/config.json, or ~/.config/… without XDG_CONFIG_HOME.
std::filesystem::path defaultConfigPath();

// Reads a JSON config file {"model": "…", "data": "…", "device": "auto|cpu|cuda", "pen": 18,
// "inputs": "…", "live": false, "confirm": true}; relative paths are taken from the file's folder
// and unknown keys are ignored. A missing file gives the defaults unless `mustExist`. Throws
// dwn::Error naming the file and the key at fault.
Config loadConfig(const std::filesystem::path& file, bool mustExist);

// The model to use: `flag` when given, else the config's, else the installed one (beside the
// running program, PREFIX/share/detect-written-number/models/dwn.pt, then in the configured
// install prefix), else models/dwn.pt of the source tree. Throws dwn::Error listing the places
// looked at.
std::filesystem::path findModel(const std::optional<std::filesystem::path>& flag,
                                const Config& config);

} // namespace dwn
