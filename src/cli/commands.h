#pragma once
// The `dwn` subcommands: each registers its options on a CLI11 subcommand of `dwn`, and runs
// when that subcommand was given.

#include <filesystem>
#include <memory>

#include <CLI/CLI.hpp>

#include "dwn/datasets.h"
#include "dwn/training.h"

namespace dwn::cli {

// Exit codes shared by the subcommands.
constexpr int kOk = 0;
constexpr int kSomeFailed = 1; // some inputs failed; the others were processed
constexpr int kUsage = 2;      // bad arguments, or the model could not be loaded

class Command {
public:
    explicit Command(CLI::App* app) : m_app(app) {}
    virtual ~Command() = default;
    bool given() const { return m_app->parsed(); }
    // Does the work once the arguments are parsed; returns the exit code. Throws dwn::Error.
    virtual int run() = 0;

private:
    CLI::App* m_app;
};

// Where the commands that write images made of MNIST's digits take them from.
struct DigitSource {
    std::filesystem::path mnist = "data/mnist";
    bool train = false;   // MNIST's training digits rather than its test digits
    bool heldOut = false; // only the training digits that `dwn train` holds out for validation
    DigitImages read() const;
};

// Their options: --out DIR (required), --mnist DIR, --train, --held-out and --seed N.
void addDigitSource(CLI::App* app, std::filesystem::path& out, DigitSource& source, unsigned& seed);

// What the misfit head learnt and how it does on held-out crops, on stdout.
void printMisfitHead(const MisfitStats& stats);

std::unique_ptr<Command> addRecognize(CLI::App& dwn);
std::unique_ptr<Command> addTrain(CLI::App& dwn);
std::unique_ptr<Command> addEval(CLI::App& dwn);
std::unique_ptr<Command> addNumbers(CLI::App& dwn);
std::unique_ptr<Command> addDegrade(CLI::App& dwn);
std::unique_ptr<Command> addDoodles(CLI::App& dwn);
std::unique_ptr<Command> addMisfitHead(CLI::App& dwn);

} // namespace dwn::cli
