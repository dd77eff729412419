#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drawing.h"
#include "dwn/datasets.h"
#include "dwn/image_io.h"
#include "temp_dir.h"
#include "tiny_model.h"

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

TEST_F(Idx, ReadsGzippedFiles)
{
    writeSet();
    for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}) {
        const std::string cmd = "gzip -n '" + (dir / name).string() + "'";
        ASSERT_EQ(std::system(cmd.c_str()), 0);
    }
    const DigitImages set = readMnist(dir, true);
    EXPECT_EQ(set.size(), 3u);
    EXPECT_EQ(set.image(1).at<uchar>(0, 1), 11);
    test::writeText(dir / "bad.gz", "not gzip at all, but long enough to look at");
    EXPECT_THAT(errorOf([&] { readIdx(dir / "bad.gz", dir / "bad.gz"); }), HasSubstr("bad.gz"));
}

class Kaggle : public test::TempDir {
protected:
    std::string row(int label, int fill)
    {
        std::string r = label >= 0 ? std::to_string(label) : "";
        for (int k = 0; k < 784; ++k)
            r += (r.empty() ? "" : ",") + std::to_string(k == 100 ? fill : 0);
        return r + "\n";
    }
    std::string header(bool labelled)
    {
        std::string h = labelled ? "label" : "";
        for (int k = 0; k < 784; ++k)
            h += (h.empty() ? "pixel" : ",pixel") + std::to_string(k);
        return h + "\n";
    }
};

TEST_F(Kaggle, ReadsTrainAndTestFiles)
{
    test::writeText(dir / "train.csv", header(true) + row(4, 200) + row(9, 7));
    const DigitImages train = readKaggleCsv(dir / "train.csv");
    ASSERT_EQ(train.size(), 2u);
    EXPECT_TRUE(train.labelled());
    EXPECT_EQ(train.labels[1], 9);
    EXPECT_EQ(train.image(0).at<uchar>(3, 16), 200); // pixel 100 is row 3, column 16
    test::writeText(dir / "test.csv", header(false) + row(-1, 5));
    const DigitImages test = readKaggleCsv(dir / "test.csv");
    EXPECT_EQ(test.size(), 1u);
    EXPECT_FALSE(test.labelled());
}

TEST_F(Kaggle, NamesTheLineAndColumnOfABadValue)
{
    std::string bad = row(4, 0);
    bad.replace(bad.find(",0,"), 3, ",x,");
    test::writeText(dir / "train.csv", header(true) + row(1, 0) + bad);
    EXPECT_THAT(errorOf([&] { readKaggleCsv(dir / "train.csv"); }),
                HasSubstr("line 3 column 2: 'x' is not a pixel 0 to 255"));
    test::writeText(dir / "train.csv", header(true) + "12" + row(-1, 0).substr(1));
    EXPECT_THAT(errorOf([&] { readKaggleCsv(dir / "train.csv"); }),
                HasSubstr("line 2 column 1: '12' is not a label 0 to 9"));
    test::writeText(dir / "train.csv", header(true) + "3,0,0\n");
    EXPECT_THAT(errorOf([&] { readKaggleCsv(dir / "train.csv"); }),
                HasSubstr("line 2 has 3 values, 785 expected"));
    EXPECT_THAT(errorOf([&] { readKaggleCsv(dir / "none.csv"); }), HasSubstr("does not exist"));
}

class Folders : public test::TempDir {};

TEST_F(Folders, ReadsLabelledDrawingsThroughPreprocessing)
{
    test::Style style;
    for (int d : {1, 7}) {
        std::filesystem::create_directories(dir / std::to_string(d));
        writePngAtomically(dir / std::to_string(d) / "a.png", test::drawDigit(d, style));
        style.pen = 30;
        writePngAtomically(dir / std::to_string(d) / "b.png", test::drawDigit(d, style));
    }
    test::writeText(dir / "7" / "notes.txt", "not an image, and ignored");
    std::filesystem::create_directories(dir / "not_number");
    test::writeText(dir / "7" / "broken.png", "corrupt");
    EXPECT_THAT(errorOf([&] { readImageFolders(dir); }), HasSubstr("broken.png"));
    std::filesystem::remove(dir / "7" / "broken.png");
    const DigitImages set = readImageFolders(dir);
    ASSERT_EQ(set.size(), 4u);
    EXPECT_EQ(set.labels, (std::vector<std::uint8_t>{1, 1, 7, 7}));
    EXPECT_EQ(set.image(2).size(), cv::Size(28, 28));
    EXPECT_THAT(errorOf([&] { readImageFolders(dir / "not_number"); }), HasSubstr("no images"));
}

} // namespace
} // namespace dwn
