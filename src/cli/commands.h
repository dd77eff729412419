#pragma once
// The `dwn` subcommands. Each takes the arguments after its name and returns the exit code.

#include <string>
#include <vector>

namespace dwn::cli {

// Exit codes shared by the subcommands.
constexpr int kOk = 0;
constexpr int kSomeFailed = 1; // some inputs failed; the others were processed
constexpr int kUsage = 2;      // bad arguments, or the model could not be loaded

int recognize(const std::vector<std::string>& args);
int train(const std::vector<std::string>& args);
int eval(const std::vector<std::string>& args);
int numbers(const std::vector<std::string>& args);

} // namespace dwn::cli
