#include <iostream>
#include <random>

#include "commands.h"
#include "dwn/datasets.h"
#include "dwn/degradations.h"
#include "dwn/image_io.h"
#include "progress.h"

namespace dwn::cli {
namespace {

namespace fs = std::filesystem;

class Degrade : public Command {
public:
    explicit Degrade(CLI::App* app) : Command(app)
    {
        app->footer("Writes DIR/<kind>/<digit>/<n>.png for every kind: blurred, shrunk, "
                    "photographed, lined, squared, pencil, marker. Each kind's folder is a "
                    "labelled set; dwn eval --robustness DIR measures them all.");
        addDigitSource(app, m_out, m_source, m_seed);
        app->add_option("--count", m_count, "digits per kind")
            ->type_name("N")
            ->check(CLI::Range(1, 1000000))
            ->capture_default_str();
    }

    int run() override;

private:
    fs::path m_out;
    DigitSource m_source;
    int m_count = 1000;
    unsigned m_seed = 2026;
};

} // namespace

std::unique_ptr<Command> addDegrade(CLI::App& dwn)
{
    return std::make_unique<Degrade>(dwn.add_subcommand(
        "degrade", "write MNIST test digits degraded as scans and photos are, for dwn eval "
                   "--robustness"));
}

int Degrade::run()
{
    const std::vector<DegradedDigit> set = degradeDigits(m_source.read(), m_count, m_seed);
    for (const Degradation kind : allDegradations())
        for (int digit = 0; digit < 10; ++digit)
            createFolder(m_out / nameOf(kind) / std::to_string(digit));
    for (std::size_t i = 0; i < set.size(); ++i) {
        const std::size_t n = i % static_cast<std::size_t>(m_count) + 1;
        const fs::path file = m_out / nameOf(set[i].kind) / std::to_string(set[i].label) /
                              (std::to_string(n) + ".png");
        writePngAtomically(file, set[i].image);
        progressBar("degrade", i + 1, set.size());
    }
    std::cout << "[INFO]\tWrote " << set.size() << " digits in " << allDegradations().size()
              << " kinds to " << m_out.string() << std::endl;
    return kOk;
}

} // namespace dwn::cli
