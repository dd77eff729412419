// dwn: read written numbers from the command line, train and measure the model.

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "dwn/error.h"

namespace {

const char* const kFooter = R"(
Exit codes: 0 every input was read; 1 some inputs could not be read (each is named on
standard error), the others were; 2 bad arguments, or the model could not be loaded.
Run 'dwn COMMAND --help' for a command's options.)";

// The subcommand the arguments reached, for the hint after an error: "dwn recognize".
std::string commandPath(CLI::App& app)
{
    const std::vector<CLI::App*> given = app.get_subcommands();
    return given.empty() ? app.get_name() : app.get_name() + " " + commandPath(*given.front());
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app("Reads handwritten digits and numbers from images, trains the digit model "
                 "and measures it.",
                 "dwn");
    app.set_help_flag("-h,--help", "show this help");
    app.set_version_flag("--version", "dwn " DWN_VERSION, "show the version");
    app.require_subcommand(1);
    app.footer(kFooter);
    std::vector<std::unique_ptr<dwn::cli::Command>> commands;
    commands.push_back(dwn::cli::addRecognize(app));
    commands.push_back(dwn::cli::addTrain(app));
    commands.push_back(dwn::cli::addEval(app));
    commands.push_back(dwn::cli::addNumbers(app));
    commands.push_back(dwn::cli::addDegrade(app));
    commands.push_back(dwn::cli::addDoodles(app));
    commands.push_back(dwn::cli::addMisfitHead(app));
    // A word where the command goes that names none: CLI11 would only say one is required.
    if (argc > 1 && argv[1][0] != '-') {
        try {
            app.get_subcommand(argv[1]);
        } catch (const CLI::OptionNotFound&) {
            std::cerr << "dwn: unknown command '" << argv[1] << "' (see dwn --help)\n";
            return dwn::cli::kUsage;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "dwn: " << e.what() << " (see " << commandPath(app) << " --help)\n";
        return dwn::cli::kUsage;
    }
    try {
        for (const auto& command : commands)
            if (command->given())
                return command->run();
    } catch (const dwn::Error& e) {
        std::cerr << "dwn: " << e.what() << "\n";
        return dwn::cli::kUsage;
    } catch (const std::exception& e) {
        std::cerr << "dwn: internal error: " << e.what() << "\n";
        return dwn::cli::kUsage;
    }
    return dwn::cli::kUsage;
}
