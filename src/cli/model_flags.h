#pragma once
// The flags that choose a model, shared by the subcommands that load one: --model, --data,
// --device and --config.

#include <filesystem>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "dwn/classifier.h"
#include "dwn/config.h"

namespace dwn::cli {

struct ModelFlags {
    std::optional<std::filesystem::path> model, card, configFile;
    std::optional<std::string> device;

    // Registers the four flags on a subcommand.
    void addTo(CLI::App& command)
    {
        command
            .add_option("--model", model,
                        "TorchScript model (default: config file, then "
                        "the installed model)")
            ->type_name("FILE");
        command.add_option("--data", card, "its data.json (default: data.json beside the model)")
            ->type_name("FILE");
        command.add_option("--device", device, "auto, cpu or cuda (default: auto)")
            ->type_name("NAME");
        command
            .add_option("--config", configFile,
                        "settings file (default: ~/.config/detect-written-number/config.json)")
            ->type_name("FILE");
    }

    // What the flags say, then the config file, then the model lookup of DESIGN.md.
    ClassifierOptions options() const
    {
        const Config config =
            loadConfig(configFile.value_or(defaultConfigPath()), configFile.has_value());
        ClassifierOptions o;
        o.model = findModel(model, config);
        o.card = card ? card : config.card;
        o.device = device ? parseDevice(*device) : config.device;
        return o;
    }
};

} // namespace dwn::cli
