#include <cstdio>
#include <iostream>

#include "commands.h"
#include "dwn/datasets.h"
#include "dwn/training.h"

namespace dwn::cli {

void printMisfitHead(const MisfitStats& stats)
{
    std::printf("[INFO]\tMisfit head: learnt from %zu whole digits and %zu misfits cut from %d "
                "numbers in %.0f s; on held-out crops AUROC %.4f, %.4f of the whole digits "
                "doubted, %.4f of the misfits found.\n",
                stats.digits, stats.misfits, stats.numbers, stats.seconds, stats.auroc,
                stats.digitsDoubted, stats.misfitsFound);
    std::printf("[INFO]\tCrop head: learnt from %zu images; held-out whole-digit crops read "
                "right %.4f (the digit head alone: %.4f).\n",
                stats.cropLessons, stats.cropsRight, stats.cropsRightBefore);
}

namespace {

namespace fs = std::filesystem;

class MisfitHeadCommand : public Command {
public:
    explicit MisfitHeadCommand(CLI::App* app) : Command(app)
    {
        app->add_option("--model", m_model,
                        "the model (made by dwn train), its data.json beside it")
            ->type_name("FILE")
            ->capture_default_str();
        app->add_option("--mnist", m_mnist, "MNIST's folder: the model's training digits")
            ->type_name("DIR")
            ->capture_default_str();
        app->add_option("--numbers", m_numbers,
                        "numbers made of the model's training digits whose crops are learnt")
            ->type_name("N")
            ->capture_default_str();
        app->add_option("--out", m_out,
                        "where the model and its data.json go (by default over the model's own)")
            ->type_name("DIR");
    }

    int run() override
    {
        const fs::path out = m_out.empty() ? m_model.parent_path() : m_out;
        std::cout << "[INFO]\tTeaching '" << m_model.string()
                  << "' to doubt crops of two digits and to read cut digits, from " << m_numbers
                  << " numbers" << std::endl;
        const MisfitStats stats = teachMisfitHead(
            m_model, [this] { return readMnist(m_mnist, true); }, m_numbers,
            out.empty() ? fs::path(".") : out);
        printMisfitHead(stats);
        std::cout << "[INFO]\tWrote " << (out / "dwn.pt").string() << " and "
                  << (out / "data.json").string() << std::endl;
        return kOk;
    }

private:
    fs::path m_model = "models/dwn.pt", m_mnist = "data/mnist", m_out;
    int m_numbers = TrainOptions{}.misfitNumbers;
};

} // namespace

std::unique_ptr<Command> addMisfitHead(CLI::App& dwn)
{
    return std::make_unique<MisfitHeadCommand>(dwn.add_subcommand(
        "misfit-head", "teach a model made by dwn train the number heads: to doubt crops "
                       "that hold much of two digits (the misfit head) and to read the digits "
                       "cut out of soft-ink numbers (the crop head); write it with its "
                       "data.json"));
}

} // namespace dwn::cli
