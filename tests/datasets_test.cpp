#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dwn/datasets.h"
#include "temp_dir.h"

namespace dwn {
namespace {

using test::errorOf;
using ::testing::HasSubstr;

void writeBytes(const std::filesystem::path& file, const std::vector<unsigned char>& bytes)
{
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
}

std::vector<unsigned char> be32(std::uint32_t v)
{
    return {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
            static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
}

class Idx : public test::TempDir {
protected:
    // Three 2x2 images with pixel values 10*i + k, labels 3, 1, 4.
    void writeSet(std::uint32_t imageMagic = 0x803, std::size_t dropBytes = 0,
                  std::vector<unsigned char> labels = {3, 1, 4})
    {
        std::vector<unsigned char> img;
        for (std::uint32_t v : {imageMagic, 3u, 2u, 2u})
            for (unsigned char b : be32(v))
                img.push_back(b);
        for (int i = 0; i < 3; ++i)
            for (int k = 0; k < 4; ++k)
                img.push_back(static_cast<unsigned char>(10 * i + k));
        img.resize(img.size() - dropBytes);
        std::vector<unsigned char> lab;
        for (std::uint32_t v : {0x801u, static_cast<std::uint32_t>(labels.size())})
            for (unsigned char b : be32(v))
                lab.push_back(b);
        lab.insert(lab.end(), labels.begin(), labels.end());
        writeBytes(dir / "train-images-idx3-ubyte", img);
        writeBytes(dir / "train-labels-idx1-ubyte", lab);
    }
};

TEST_F(Idx, ReadsImagesAndLabels)
{
    writeSet();
    const DigitImages set = readMnist(dir, true);
    ASSERT_EQ(set.size(), 3u);
    EXPECT_EQ(set.side, 2);
    EXPECT_EQ(set.labels, (std::vector<std::uint8_t>{3, 1, 4}));
    EXPECT_EQ(set.image(2).at<uchar>(1, 1), 23);
}

TEST_F(Idx, ExplainsBrokenFiles)
{
    writeSet(0x801);
    EXPECT_THAT(errorOf([&] { readMnist(dir, true); }), HasSubstr("magic number 2049 at byte 0"));
    writeSet(0x803, 5);
    EXPECT_THAT(errorOf([&] { readMnist(dir, true); }), HasSubstr("is truncated: 23 bytes"));
    writeSet(0x803, 0, {3, 1});
    EXPECT_THAT(errorOf([&] { readMnist(dir, true); }), HasSubstr("3 images but"));
    writeSet(0x803, 0, {3, 12, 4});
    EXPECT_THAT(errorOf([&] { readMnist(dir, true); }), HasSubstr("label 12 at byte 9"));
    EXPECT_THAT(errorOf([&] { readMnist(dir, false); }), HasSubstr("does not exist"));
}

} // namespace
} // namespace dwn
