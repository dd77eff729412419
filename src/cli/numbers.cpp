#include <functional>
#include <iostream>
#include <optional>
#include <random>

#include "commands.h"
#include "dwn/datasets.h"
#include "dwn/degradations.h"
#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/number_images.h"
#include "dwn/training.h"
#include "progress.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

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

class Numbers : public Command {
public:
    explicit Numbers(CLI::App* app) : Command(app)
    {
        app->footer("Each number has random digit heights, baselines, slant and spacing, and is "
                    "named by its digits (DIR/2026_17.png). With --look, the same numbers are "
                    "written with their digits 80 px tall (8-16 px when shrunk) and degraded.");
        addDigitSource(app, m_out, m_source, m_seed);
        app->add_option("--count", m_count, "how many numbers")
            ->type_name("N")
            ->check(CLI::Range(1, 10000000))
            ->capture_default_str();
        app->add_option("--spacing", m_spacing,
                        "gaps (every pair apart) or touching (at least one pair touching or "
                        "overlapping)")
            ->type_name("KIND")
            ->check(CLI::IsMember({"gaps", "touching"}))
            ->capture_default_str();
        app->add_option("--digits", m_digits, "digits per number, MIN-MAX")
            ->type_name("MIN-MAX")
            ->capture_default_str();
        app->add_option(
               "--look", m_look,
               "write the same numbers as a scan or photo of them looks, degraded as "
               "dwn degrade degrades a digit, with a span of them written faintly "
               "(faded), scanned in black and white (thresholded), photographed "
               "under a lamp lighting the middle of the page (lamp), photographed "
               "with the desk showing beyond one edge of the page (desk), written "
               "uphill or downhill, the page turned by 5-18 degrees (tilted), one "
               "digit in each box of a form's row of boxes (boxed), underlined by hand "
               "(underlined), underlined so that the line runs into the lowest digits "
               "(underlined-touching), circled by hand (circled), or marked with a highlighter "
               "(highlighted)")
            ->type_name("KIND")
            ->check(CLI::IsMember(numberLooks()));
    }

    int run() override;

private:
    fs::path m_out;
    DigitSource m_source;
    int m_count = 500;
    unsigned m_seed = 2026;
    std::string m_spacing = "gaps", m_digits = "2-6";
    std::optional<std::string> m_look;
};

// What --look does to a number, chosen once: nothing, or lookOfNumber() in the look named,
// drawing its parameters from `rng`.
std::function<cv::Mat(const NumberImage&)> lookNamed(const std::optional<std::string>& look,
                                                     std::mt19937& rng)
{
    if (!look)
        return [](const NumberImage& number) { return number.image; };
    return [&rng, name = *look](const NumberImage& number) {
        return lookOfNumber(number.image, number.digitHeight, name, rng);
    };
}

} // namespace

DigitImages DigitSource::read() const
{
    if (heldOut) // the default run's split: the shipped model's
        return validationDigits(readMnist(mnist, true), TrainOptions{});
    return readMnist(mnist, train);
}

void addDigitSource(CLI::App* app, fs::path& out, DigitSource& source, unsigned& seed)
{
    app->add_option("--out", out, "where the images go (created)")->required()->type_name("DIR");
    app->add_option("--mnist", source.mnist,
                    "MNIST's folder; the digits come from its test images, which no model is "
                    "trained on")
        ->type_name("DIR")
        ->capture_default_str();
    app->add_flag("--train", source.train,
                  "take the digits from the training images instead (for choosing settings on "
                  "data that is not the evaluation set)");
    app->add_flag("--held-out", source.heldOut,
                  "take only the 6,000 training digits that dwn train, run as by default (the "
                  "shipped model), holds out for validation and never learns: for choosing "
                  "settings on digits the model has not seen");
    app->add_option("--seed", seed, "the random seed; the same seed writes the same images")
        ->type_name("N")
        ->capture_default_str();
}

std::unique_ptr<Command> addNumbers(CLI::App& dwn)
{
    return std::make_unique<Numbers>(dwn.add_subcommand(
        "numbers", "write images of numbers made of MNIST test digits, for dwn eval --numbers"));
}

int Numbers::run()
{
    NumberStyle style;
    readDigits(m_digits, style);
    style.spacing = m_spacing == "gaps" ? Spacing::Gaps : Spacing::Touching;
    const DigitImages digits = m_source.read();
    createFolder(m_out);
    std::mt19937 rng(m_seed);
    std::mt19937 looks(m_seed + 1); // apart, so that the numbers are those written without --look
    const auto looked = lookNamed(m_look, looks);
    for (int i = 1; i <= m_count; ++i) {
        const NumberImage number = makeNumberImage(digits, style, rng);
        const cv::Mat image = looked(number);
        writePngAtomically(m_out / (number.label + "_" + std::to_string(i) + ".png"), image);
        progressBar("numbers", static_cast<std::size_t>(i), static_cast<std::size_t>(m_count));
    }
    std::cout << "[INFO]\tWrote " << m_count << " numbers to " << m_out.string() << std::endl;
    return kOk;
}

} // namespace dwn::cli
