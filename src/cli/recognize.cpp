#include <cmath>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "dwn/classifier.h"
#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/preprocess.h"
#include "model_flags.h"
#include "options.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

const char* const kHelp =
    R"(usage: dwn recognize [OPTIONS] FILE...

Says which digit each image shows, or that it is NOT a number, one line per image:
  [INFO]	User painted '7'

Options:
  --model FILE    TorchScript model (default: config file, then the installed model)
  --data FILE     its data.json (default: data.json beside the model)
  --device NAME   auto, cpu or cuda (default: auto)
  --config FILE   settings file (default: ~/.config/detect-written-number/config.json)
  --json          one JSON object per line: file, digit, accepted, score, probabilities,
                  and refusal when a check before the network refused the drawing (a dot,
                  ink all over)
  --help          show this help
)";

// Six decimals are plenty for a person or a script, and keep the JSON short.
double rounded(float value)
{
    return std::round(static_cast<double>(value) * 1e6) / 1e6;
}

} // namespace

int recognize(const std::vector<std::string>& args)
{
    ModelFlags flags;
    bool json = false;
    std::vector<fs::path> files;
    ArgReader in(args, "dwn recognize");
    while (in.next()) {
        if (in.is("--help") || in.is("-h")) {
            std::cout << kHelp;
            return kOk;
        } else if (flags.read(in)) {
        } else if (in.is("--json")) {
            json = true;
        } else if (in.current().size() > 1 && in.current()[0] == '-') {
            in.unknown();
        } else {
            files.emplace_back(in.current());
        }
    }
    if (files.empty())
        throw Error("no image given (see dwn recognize --help)");

    const Classifier classifier(flags.options());

    int status = kOk;
    for (const fs::path& file : files) {
        Verdict verdict;
        try {
            verdict = classifier.classify(preprocess(readImage(file)));
        } catch (const Error& e) {
            std::cerr << "dwn: " << file.string() << ": " << e.what() << "\n";
            status = kSomeFailed;
            continue;
        }
        if (json) {
            nlohmann::json line = {{"file", file.string()},
                                   {"digit", verdict.digit},
                                   {"accepted", verdict.accepted},
                                   {"score", rounded(verdict.score)},
                                   {"probabilities", nlohmann::json::array()}};
            for (float p : verdict.probabilities)
                line["probabilities"].push_back(rounded(p));
            if (!verdict.refusal.empty())
                line["refusal"] = verdict.refusal;
            std::cout << line.dump() << std::endl;
        } else if (verdict.accepted) {
            std::cout << "[INFO]\tUser painted '" << verdict.digit << "'" << std::endl;
        } else {
            std::cout << "[INFO]\tUser painted NOT a number" << std::endl;
        }
    }
    return status;
}

} // namespace dwn::cli
