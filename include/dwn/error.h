#pragma once
// The one exception type of the core library. Its message is meant for the user:
// it names the file or value at fault and says what is wrong.

#include <stdexcept>
#include <string>

namespace dwn {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace dwn
