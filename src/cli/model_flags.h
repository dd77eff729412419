#pragma once
// The flags that choose a model, shared by the subcommands that load one: --model, --data,
// --device and --config.

#include <filesystem>
#include <optional>
#include <string>

#include "dwn/classifier.h"
#include "dwn/config.h"
#include "options.h"

namespace dwn::cli {

struct ModelFlags {
    std::optional<std::filesystem::path> model, card, configFile;
    std::optional<std::string> device;

    // Takes the reader's current flag when it is one of the four; false otherwise.
    bool read(ArgReader& in)
    {
        if (in.is("--model"))
            model = in.value();
        else if (in.is("--data"))
            card = in.value();
        else if (in.is("--device"))
            device = in.value();
        else if (in.is("--config"))
            configFile = in.value();
        else
            return false;
        return true;
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
