#include "dwn/model_card.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "dwn/error.h"
#include "json_file.h"

namespace dwn {

namespace fs = std::filesystem;

const char* toString(ScoreKind kind)
{
    switch (kind) {
    case ScoreKind::Softmax:
        return "softmax";
    case ScoreKind::Energy:
        return "energy";
    case ScoreKind::Logit:
        break;
    }
    return "logit";
}

fs::path modelCardPathFor(const fs::path& model)
{
    return model.parent_path() / "data.json";
}

ModelCard loadModelCard(const fs::path& file)
{
    const std::string where = "model card '" + file.string() + "'";
    const nlohmann::json json = detail::readJsonObject(file, where);

    ModelCard card;
    const auto threshold = json.find("trusted_threshold");
    if (threshold == json.end())
        throw Error(where + ": key 'trusted_threshold' is missing");
    if (!threshold->is_number() || !std::isfinite(threshold->get<double>()))
        throw Error(where + ": key 'trusted_threshold' must be a finite number");
    card.trustedThreshold = threshold->get<double>();

    if (const auto score = json.find("score"); score != json.end()) {
        if (*score == "logit")
            card.score = ScoreKind::Logit;
        else if (*score == "softmax")
            card.score = ScoreKind::Softmax;
        else if (*score == "energy")
            card.score = ScoreKind::Energy;
        else
            throw Error(where + ": key 'score' must be \"logit\", \"softmax\" or \"energy\", not " +
                        score->dump());
    }

    card.classes = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    if (const auto classes = json.find("classes"); classes != json.end()) {
        const bool tenStrings = classes->is_array() && classes->size() == 10 &&
                                std::all_of(classes->begin(), classes->end(),
                                            [](const nlohmann::json& c) { return c.is_string(); });
        if (!tenStrings)
            throw Error(where + ": key 'classes' must be a list of ten strings");
        card.classes = classes->get<std::vector<std::string>>();
    }
    if (const auto arch = json.find("architecture"); arch != json.end() && arch->is_string())
        card.architecture = arch->get<std::string>();
    if (const auto hash = json.find("model_sha256"); hash != json.end()) {
        const bool hex =
            hash->is_string() && hash->get<std::string>().size() == 64 &&
            hash->get<std::string>().find_first_not_of("0123456789abcdef") == std::string::npos;
        if (!hex)
            throw Error(where + ": key 'model_sha256' must be 64 lower-case hex digits");
        card.modelSha256 = hash->get<std::string>();
    }
    return card;
}

} // namespace dwn
