// dwn: recognise written numbers from the command line.

#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "dwn/error.h"

namespace {

const char* const kUsageText =
    R"(usage: dwn COMMAND [OPTIONS]

Commands:
  recognize [OPTIONS] FILE...   say which digit each image shows, or that it is not a number
  train [OPTIONS]               train a model on MNIST and write it with its data.json
  eval [OPTIONS] SET...         measure a model on drawings, numbers, MNIST, non-digits
  numbers --out DIR [OPTIONS]   write images of numbers made of MNIST test digits

Run 'dwn COMMAND --help' for a command's options.
  --help      show this help
  --version   show the version
)";

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsageText;
        return dwn::cli::kUsage;
    }
    const std::string& command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (command == "--help" || command == "-h") {
            std::cout << kUsageText;
            return dwn::cli::kOk;
        }
        if (command == "--version") {
            std::cout << "dwn " << DWN_VERSION << "\n";
            return dwn::cli::kOk;
        }
        if (command == "recognize")
            return dwn::cli::recognize(rest);
        if (command == "train")
            return dwn::cli::train(rest);
        if (command == "eval")
            return dwn::cli::eval(rest);
        if (command == "numbers")
            return dwn::cli::numbers(rest);
        std::cerr << "dwn: unknown command '" << command << "'\n" << kUsageText;
        return dwn::cli::kUsage;
    } catch (const dwn::Error& e) {
        std::cerr << "dwn: " << e.what() << "\n";
        return dwn::cli::kUsage;
    } catch (const std::exception& e) {
        std::cerr << "dwn: internal error: " << e.what() << "\n";
        return dwn::cli::kUsage;
    }
}
