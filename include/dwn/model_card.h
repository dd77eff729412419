#pragma once
// data.json: what the project knows about a model (see DESIGN.md, "data.json").

#include <filesystem>
#include <string>
#include <vector>

namespace dwn {

// Which number the trusted_threshold is compared against.
enum class ScoreKind {
    Logit,   // the largest raw logit (the default when data.json has no "score")
    Softmax, // the largest softmax probability
    Energy,  // log of the sum of exp(logits): the negative free energy
};

const char* toString(ScoreKind kind);

struct ModelCard {
    double trustedThreshold = 0.0; // a prediction is accepted when its score is > this
    ScoreKind score = ScoreKind::Logit;
    std::vector<std::string> classes; // ten labels, "0" … "9" unless data.json says otherwise
    std::string architecture;         // informative; empty when data.json has none
    // The SHA-256 of the model this data.json was written for ("model_sha256", written by
    // dwn train); empty when data.json has none, as the seed's has not.
    std::string modelSha256;
};

// Reads data.json. Throws dwn::Error naming the file, and the key where one is at fault,
// when the file is missing or not JSON, trusted_threshold is missing or not a finite
// number, score is not "logit", "softmax" or "energy", classes is not a list of ten strings,
// or model_sha256 is not 64 hex digits.
ModelCard loadModelCard(const std::filesystem::path& file);

// The data.json that belongs to a model: data.json in the model's folder.
std::filesystem::path modelCardPathFor(const std::filesystem::path& model);

} // namespace dwn
