#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "dwn/classifier.h"
#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/reading.h"
#include "dwn/segmentation.h"
#include "model_flags.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

// Six decimals are plenty for a person or a script, and keep the JSON short.
double rounded(float value)
{
    return std::round(static_cast<double>(value) * 1e6) / 1e6;
}

nlohmann::json probabilitiesOf(const Verdict& verdict)
{
    nlohmann::json list = nlohmann::json::array();
    for (float p : verdict.probabilities)
        list.push_back(rounded(p));
    return list;
}

// The JSON line of one image (DESIGN.md, "CLI"): the number, each digit, and the first digit's
// keys at the top level for readers of single digits.
nlohmann::json jsonOf(const fs::path& file, const Reading& reading)
{
    nlohmann::json digits = nlohmann::json::array(), doubted = nlohmann::json::array();
    const std::vector<const Symbol*> found = reading.digits();
    float lowest = found.empty() ? 0.0f : found.front()->verdict.score;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const Symbol& s = *found[i];
        nlohmann::json d = {{"digit", s.verdict.digit},
                            {"accepted", s.verdict.accepted},
                            {"score", rounded(s.verdict.score)},
                            {"box", {s.box.x, s.box.y, s.box.width, s.box.height}},
                            {"probabilities", probabilitiesOf(s.verdict)}};
        if (!s.verdict.refusal.empty())
            d["refusal"] = s.verdict.refusal;
        digits.push_back(d);
        if (!s.verdict.accepted)
            doubted.push_back(i);
        lowest = std::min(lowest, s.verdict.score);
    }
    nlohmann::json line = {{"file", file.string()},
                           {"number", reading.number},
                           {"accepted", reading.accepted},
                           {"digits", digits},
                           {"score", rounded(lowest)}};
    if (found.empty()) {
        line["digit"] = nullptr;
        line["probabilities"] = nlohmann::json::array();
    } else {
        line["digit"] = found.front()->verdict.digit;
        line["probabilities"] = probabilitiesOf(found.front()->verdict);
    }
    if (!doubted.empty())
        line["doubted"] = doubted;
    if (!reading.refusal.empty())
        line["refusal"] = reading.refusal;
    return line;
}

class Recognize : public Command {
public:
    explicit Recognize(CLI::App* app) : Command(app)
    {
        app->footer("Prints one line per image: [INFO]\\tUser painted '2026', or [INFO]\\tUser "
                    "painted NOT a number. The digits are found and judged one by one; the number "
                    "is accepted when "
                    "every digit is. A minus sign before the number and a decimal point between "
                    "digits are read as such. An image that cannot be read is named on standard "
                    "error (exit code 1), and the others are still read.");
        m_flags.addTo(*app);
        app->add_flag("--json", m_json,
                      "one JSON object per line: file, number, accepted, digits (each with digit, "
                      "accepted, score, box [x,y,w,h] and probabilities), doubted (the indices of "
                      "the digits not accepted), refusal (why it is no number), and digit, score "
                      "and probabilities of the first digit (score: the lowest)");
        app->add_option("FILE", m_files, "the images to read")->required()->type_name("");
    }

    int run() override;

private:
    ModelFlags m_flags;
    bool m_json = false;
    std::vector<fs::path> m_files;
};

} // namespace

std::unique_ptr<Command> addRecognize(CLI::App& dwn)
{
    return std::make_unique<Recognize>(dwn.add_subcommand(
        "recognize", "say which number each image shows, or that it is not a number"));
}

int Recognize::run()
{
    const std::vector<fs::path>& files = m_files;
    const bool json = m_json;
    const Classifier classifier(m_flags.options());

    int status = kOk;
    for (const fs::path& file : files) {
        Reading reading;
        try {
            reading = readNumber(classifier, piecesOfImage(readImage(file)));
        } catch (const Error& e) {
            std::cerr << "dwn: " << file.string() << ": " << e.what() << "\n";
            status = kSomeFailed;
            continue;
        }
        if (json)
            std::cout << jsonOf(file, reading).dump() << std::endl;
        else if (reading.accepted)
            std::cout << "[INFO]\tUser painted '" << reading.number << "'" << std::endl;
        else
            std::cout << "[INFO]\tUser painted NOT a number" << std::endl;
    }
    return status;
}

} // namespace dwn::cli
