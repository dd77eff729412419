#include <iostream>
#include <optional>
#include <random>

#include "commands.h"
#include "dwn/datasets.h"
#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/number_images.h"
#include "options.h"
#include "progress.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

const char* const kHelp =
    R"(usage: dwn numbers --out DIR [OPTIONS]

Writes images of written numbers made of MNIST digits, for dwn eval --numbers: each number
has random digit heights, baselines, slant and spacing, and is named by its digits
(DIR/2026_17.png).

Options:
  --out DIR          where the images go (created)
  --mnist DIR        MNIST's folder (default: data/mnist); the digits come from its test
                     images, which no model is trained on
  --train            take the digits from the training images instead (for choosing
                     settings on data that is not the evaluation set)
  --count N          how many numbers (default: 500)
  --spacing KIND     gaps (every pair apart, the default) or touching (at least one pair
                     touching or overlapping)
  --digits MIN-MAX   digits per number (default: 2-6)
  --seed N           the random seed (default: 2026); the same seed writes the same images
  --help             show this help
)";

// "2-6" or "4": the range of digits per number.
void readDigits(const std::string& text, NumberStyle& style)
{
    const std::size_t dash = text.find('-');
    try {
        std::size_t used = 0;
        style.minDigits = std::stoi(text.substr(0, dash), &used);
        style.maxDigits =
            dash == std::string::npos ? style.minDigits : std::stoi(text.substr(dash + 1), &used);
        return;
    } catch (const std::exception&) {
    }
    throw Error("option --digits needs MIN-MAX, as 2-6, not '" + text + "'");
}

} // namespace

int numbers(const std::vector<std::string>& args)
{
    fs::path mnist = "data/mnist";
    std::optional<fs::path> out;
    bool train = false;
    int count = 500;
    unsigned seed = 2026;
    NumberStyle style;
    ArgReader in(args, "dwn numbers");
    while (in.next()) {
        if (in.is("--help") || in.is("-h")) {
            std::cout << kHelp;
            return kOk;
        } else if (in.is("--out")) {
            out = in.value();
        } else if (in.is("--mnist")) {
            mnist = in.value();
        } else if (in.is("--train")) {
            train = true;
        } else if (in.is("--count")) {
            count = in.intValue();
        } else if (in.is("--seed")) {
            seed = static_cast<unsigned>(in.intValue());
        } else if (in.is("--digits")) {
            readDigits(in.value(), style);
        } else if (in.is("--spacing")) {
            const std::string kind = in.value();
            if (kind != "gaps" && kind != "touching")
                throw Error("option --spacing takes gaps or touching, not '" + kind + "'");
            style.spacing = kind == "gaps" ? Spacing::Gaps : Spacing::Touching;
        } else {
            in.unknown();
        }
    }
    if (!out)
        throw Error("no --out folder given (see dwn numbers --help)");
    if (count < 1)
        throw Error("option --count needs a positive number");
    const DigitImages digits = readMnist(mnist, train);
    std::error_code ec;
    fs::create_directories(*out, ec);
    if (!fs::is_directory(*out, ec))
        throw Error("cannot create the folder '" + out->string() + "'");
    std::mt19937 rng(seed);
    for (int i = 1; i <= count; ++i) {
        const NumberImage number = makeNumberImage(digits, style, rng);
        writePngAtomically(*out / (number.label + "_" + std::to_string(i) + ".png"), number.image);
        progressBar("numbers", static_cast<std::size_t>(i), static_cast<std::size_t>(count));
    }
    std::cout << "[INFO]\tWrote " << count << " numbers to " << out->string() << std::endl;
    return kOk;
}

} // namespace dwn::cli
