#pragma once
// A fresh temporary folder per test, removed afterwards.

#include <filesystem>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace dwn::test {

class TempDir : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() / ("dwn-test-" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
    }
    void TearDown() override
    {
        std::error_code ec;
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(dir, ec);
    }
    std::filesystem::path dir;
};

// Runs `fn` and returns the dwn::Error's message; fails the test if nothing is thrown.
template <typename Fn> std::string errorOf(Fn fn)
{
    try {
        fn();
    } catch (const std::exception& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error was thrown";
    return {};
}

} // namespace dwn::test
