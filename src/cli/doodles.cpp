#include <iostream>
#include <random>

#include "commands.h"
#include "dwn/doodles.h"
#include "dwn/image_io.h"
#include "progress.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

const char* const kNotNumbers = "not numbers"; // the folder dwn eval --check reads

class Doodles : public Command {
public:
    explicit Doodles(CLI::App* app) : Command(app)
    {
        app->footer("Writes DIR/not numbers/<n>_<kind>.png, the kinds in turn. These are the "
                    "trainer's own generators (with other seeds than training's), so a model "
                    "rejects them more easily than people's doodles: a set for choosing "
                    "settings, not for measuring rejection. dwn eval --check DIR reads them "
                    "as single drawings and as numbers.");
        app->add_option("--out", m_out, "where the images go (created)")
            ->required()
            ->type_name("DIR");
        app->add_option("--count", m_count, "how many doodles")
            ->type_name("N")
            ->check(CLI::Range(1, 1000000))
            ->capture_default_str();
        app->add_option("--seed", m_seed,
                        "the random seed; the same seed writes the same images (training "
                        "draws its doodles from its own --seed, 1 by default)")
            ->type_name("N")
            ->capture_default_str();
    }

    int run() override;

private:
    fs::path m_out;
    int m_count = 680;
    unsigned m_seed = 2026;
};

} // namespace

std::unique_ptr<Command> addDoodles(CLI::App& dwn)
{
    return std::make_unique<Doodles>(dwn.add_subcommand(
        "doodles", "write drawings that are no digits, made as the trainer makes its doodles, "
                   "for choosing settings with dwn eval --check"));
}

int Doodles::run()
{
    const fs::path folder = m_out / kNotNumbers;
    createFolder(folder);
    std::mt19937_64 rng(m_seed);
    for (int i = 0; i < m_count; ++i) {
        const auto kind = static_cast<DoodleKind>(i % kDoodleKinds);
        const fs::path file = folder / (std::to_string(i + 1) + "_" + toString(kind) + ".png");
        writePngAtomically(file, drawDoodle(kind, rng()));
        progressBar("doodles", static_cast<std::size_t>(i + 1), static_cast<std::size_t>(m_count));
    }
    std::cout << "[INFO]\tWrote " << m_count << " doodles to " << folder.string() << std::endl;
    return kOk;
}

} // namespace dwn::cli
