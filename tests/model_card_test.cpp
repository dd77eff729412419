#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dwn/model_card.h"
#include "temp_dir.h"
#include "tiny_model.h"

namespace dwn {
namespace {

using test::errorOf;
using ::testing::HasSubstr;

class ModelCardTest : public test::TempDir {
protected:
    std::filesystem::path card(const std::string& json)
    {
        test::writeText(dir / "data.json", json);
        return dir / "data.json";
    }
};

TEST_F(ModelCardTest, ReadsTheSeedsCard)
{
    const ModelCard c = loadModelCard(card(R"({"trusted_threshold": 10.8028})"));
    EXPECT_DOUBLE_EQ(c.trustedThreshold, 10.8028);
    EXPECT_EQ(c.score, ScoreKind::Logit);
    EXPECT_EQ(c.classes.size(), 10u);
    EXPECT_EQ(c.classes[7], "7");
}

TEST_F(ModelCardTest, ReadsAFullCardAndIgnoresUnknownKeys)
{
    const ModelCard c = loadModelCard(card(R"({"trusted_threshold": 0.9, "score": "softmax",
        "classes": ["a","b","c","d","e","f","g","h","i","j"], "architecture": "cnn",
        "metrics": {"test_accuracy": 0.996}, "whatever": [1, 2]})"));
    EXPECT_DOUBLE_EQ(c.trustedThreshold, 0.9);
    EXPECT_EQ(c.score, ScoreKind::Softmax);
    EXPECT_EQ(c.classes[9], "j");
    EXPECT_EQ(c.architecture, "cnn");
}

TEST_F(ModelCardTest, NamesTheFileAndTheKeyAtFault)
{
    const std::string missing = errorOf([&] { loadModelCard(dir / "absent.json"); });
    EXPECT_THAT(missing, HasSubstr("absent.json"));
    EXPECT_THAT(missing, HasSubstr("does not exist"));
    EXPECT_THAT(errorOf([&] { loadModelCard(card("{ not json")); }),
                HasSubstr("is not valid JSON"));
    EXPECT_THAT(errorOf([&] { loadModelCard(card("[1, 2]")); }), HasSubstr("JSON object"));
    EXPECT_THAT(errorOf([&] { loadModelCard(card(R"({"score": "logit"})")); }),
                HasSubstr("'trusted_threshold' is missing"));
    EXPECT_THAT(errorOf([&] { loadModelCard(card(R"({"trusted_threshold": "high"})")); }),
                HasSubstr("'trusted_threshold' must be a finite number"));
    EXPECT_THAT(errorOf([&] { loadModelCard(card(R"({"trusted_threshold": 1e999})")); }),
                HasSubstr("is not valid JSON: [json.exception.out_of_range.406] number overflow"));
    EXPECT_THAT(
        errorOf([&] { loadModelCard(card(R"({"trusted_threshold": 1, "score": "entropy"})")); }),
        HasSubstr("'score' must be \"logit\", \"softmax\" or \"energy\""));
    EXPECT_THAT(
        errorOf([&] { loadModelCard(card(R"({"trusted_threshold": 1, "classes": ["0"]})")); }),
        HasSubstr("'classes' must be a list of ten strings"));
    EXPECT_THAT(
        errorOf([&] { loadModelCard(card(R"({"trusted_threshold": 1, "model_sha256": "abc"})")); }),
        HasSubstr("'model_sha256' must be 64 lower-case hex digits"));
    EXPECT_THAT(errorOf([&] { loadModelCard(card("{ not json")); }), HasSubstr("data.json"));
}

TEST(ModelCardPath, IsDataJsonBesideTheModel)
{
    EXPECT_EQ(modelCardPathFor("models/dwn.pt"), std::filesystem::path("models/data.json"));
}

} // namespace
} // namespace dwn
