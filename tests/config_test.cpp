#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dwn/config.h"
#include "temp_dir.h"
#include "tiny_model.h"

namespace dwn {
namespace {

using test::errorOf;
using ::testing::HasSubstr;

class ConfigTest : public test::TempDir {};

TEST_F(ConfigTest, ReadsPathsRelativeToTheFile)
{
    test::writeText(dir / "config.json",
                    R"({"model": "m/net.pt", "data": "m/card.json", "device": "cpu", "pen": 9})");
    const Config c = loadConfig(dir / "config.json", true);
    EXPECT_EQ(c.model, dir / "m/net.pt");
    EXPECT_EQ(c.card, dir / "m/card.json");
    EXPECT_EQ(c.device, Device::Cpu);
}

TEST_F(ConfigTest, ReadsTheWindowsSettings)
{
    test::writeText(dir / "config.json",
                    R"({"pen": 30, "inputs": "drawings", "live": true, "confirm": false})");
    const Config c = loadConfig(dir / "config.json", true);
    EXPECT_EQ(c.penWidth, 30);
    EXPECT_EQ(c.inputs, dir / "drawings");
    EXPECT_TRUE(c.live);
    EXPECT_FALSE(c.confirm);
    EXPECT_TRUE(Config{}.confirm) << "the window asks unless told not to";
    test::writeText(dir / "config.json", R"({"confirm": 1})");
    EXPECT_THAT(errorOf([&] { loadConfig(dir / "config.json", true); }),
                HasSubstr("key 'confirm' must be true or false"));
    test::writeText(dir / "config.json", R"({"pen": 0})");
    EXPECT_THAT(errorOf([&] { loadConfig(dir / "config.json", true); }), HasSubstr("key 'pen'"));
    test::writeText(dir / "config.json", R"({"live": "yes"})");
    EXPECT_THAT(errorOf([&] { loadConfig(dir / "config.json", true); }), HasSubstr("key 'live'"));
}

TEST_F(ConfigTest, AMissingFileIsFineUnlessAskedFor)
{
    const Config c = loadConfig(dir / "none.json", false);
    EXPECT_FALSE(c.model);
    EXPECT_EQ(c.device, Device::Auto);
    EXPECT_THAT(errorOf([&] { loadConfig(dir / "none.json", true); }), HasSubstr("does not exist"));
}

TEST_F(ConfigTest, NamesTheKeyAtFault)
{
    test::writeText(dir / "bad.json", R"({"device": "tpu"})");
    EXPECT_THAT(errorOf([&] { loadConfig(dir / "bad.json", true); }), HasSubstr("key 'device'"));
    test::writeText(dir / "bad.json", R"({"model": 3})");
    EXPECT_THAT(errorOf([&] { loadConfig(dir / "bad.json", true); }), HasSubstr("key 'model'"));
    test::writeText(dir / "bad.json", "{");
    EXPECT_THAT(errorOf([&] { loadConfig(dir / "bad.json", true); }), HasSubstr("not valid JSON"));
}

TEST_F(ConfigTest, TheFlagWinsOverTheConfig)
{
    Config c;
    c.model = dir / "from-config.pt";
    EXPECT_EQ(findModel(dir / "flag.pt", c), dir / "flag.pt");
    EXPECT_EQ(findModel(std::nullopt, c), dir / "from-config.pt");
}

} // namespace
} // namespace dwn
