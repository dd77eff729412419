#pragma once
// Reading a subcommand's arguments: flags with values checked for presence and type.

#include <string>
#include <vector>

#include "dwn/error.h"

namespace dwn::cli {

class ArgReader {
public:
    ArgReader(const std::vector<std::string>& args, std::string command)
        : m_args(args), m_command(std::move(command))
    {
    }

    // Moves to the next argument; false at the end.
    bool next() { return ++m_at < m_args.size(); }
    const std::string& current() const { return m_args[m_at]; }
    bool is(const char* flag) const { return current() == flag; }

    // The value after the current flag; throws dwn::Error when there is none.
    std::string value()
    {
        if (m_at + 1 >= m_args.size())
            throw Error("option " + current() + " needs a value");
        return m_args[++m_at];
    }
    // Helper: the value after the current flag, parsed whole by `parse`, or an error naming `kind`.
    template <typename Parse> auto number(const char* kind, Parse parse)
    {
        const std::string flag = current(), text = value();
        try {
            std::size_t used = 0;
            const auto v = parse(text, &used);
            if (used == text.size())
                return v;
        } catch (const std::exception&) {
        }
        throw Error("option " + flag + " needs " + kind + ", not '" + text + "'");
    }

    int intValue()
    {
        return number("a whole number",
                      [](const std::string& t, std::size_t* used) { return std::stoi(t, used); });
    }
    double doubleValue()
    {
        return number("a number",
                      [](const std::string& t, std::size_t* used) { return std::stod(t, used); });
    }
    [[noreturn]] void unknown() const
    {
        throw Error("unknown option '" + current() + "' (see " + m_command + " --help)");
    }

private:
    const std::vector<std::string>& m_args;
    std::string m_command;
    std::size_t m_at = static_cast<std::size_t>(-1);
};

} // namespace dwn::cli
