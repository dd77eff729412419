#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <jpeglib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "drawing.h"
#include "dwn/image_io.h"
#include "dwn/preprocess.h"
#include "temp_dir.h"
#include "tiny_model.h"

namespace dwn {
namespace {

using test::errorOf;
using ::testing::HasSubstr;

class ImageIo : public test::TempDir {};

TEST_F(ImageIo, WritesAtomicallyAndReadsBack)
{
    const cv::Mat img = test::drawDigit(5, test::Style{});
    writePngAtomically(dir / "five.png", img);
    EXPECT_EQ(cv::norm(readImage(dir / "five.png"), img, cv::NORM_INF), 0);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1)
        << "no temporary file is left behind";
}

TEST_F(ImageIo, KeepsSixteenBitsAndAlpha)
{
    test::Style style;
    style.ink = test::Ink::Transparent;
    writePngAtomically(dir / "alpha.png", test::drawDigit(1, style));
    EXPECT_EQ(readImage(dir / "alpha.png").type(), CV_8UC4);
    style.ink = test::Ink::DarkOnLight;
    style.sixteenBit = true;
    writePngAtomically(dir / "deep.png", test::drawDigit(1, style));
    EXPECT_EQ(readImage(dir / "deep.png").type(), CV_16UC1);
}

TEST_F(ImageIo, ExplainsWhatIsWrongWithAFile)
{
    EXPECT_THAT(errorOf([&] { readImage(dir / "nope.png"); }), HasSubstr("does not exist"));
    EXPECT_THAT(errorOf([&] { readImage(dir); }), HasSubstr("is a folder"));
    test::writeText(dir / "empty.png", "");
    EXPECT_THAT(errorOf([&] { readImage(dir / "empty.png"); }), HasSubstr("empty file"));
    test::writeText(dir / "text.png", "this is not an image");
    ::testing::internal::CaptureStderr();
    EXPECT_THAT(errorOf([&] { readImage(dir / "text.png"); }),
                HasSubstr("not an image in a format read here"));
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "")
        << "no decoder of last resort complains on stderr";
}

TEST_F(ImageIo, RefusesAHugeImageBeforeDecodingIt)
{
    // A valid PNG signature and IHDR that claims 40000x40000 pixels.
    const unsigned char header[] = {0x89, 'P', 'N',  'G',  '\r', '\n', 0x1a, '\n', 0,    0,
                                    0,    13,  'I',  'H',  'D',  'R',  0,    0,    0x9c, 0x40,
                                    0,    0,   0x9c, 0x40, 8,    0,    0,    0,    0};
    std::ofstream(dir / "bomb.png", std::ios::binary)
        .write(reinterpret_cast<const char*>(header), sizeof header);
    EXPECT_THAT(errorOf([&] { readImage(dir / "bomb.png"); }), HasSubstr("too large: 40000x40000"));
}

// The bytes of `file`.
std::string bytesOf(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(ImageIo, RefusesBrokenImagesInItsOwnWordsAlone)
{
    writePngAtomically(dir / "five.png", test::drawDigit(5, test::Style{}));
    const std::string png = bytesOf(dir / "five.png");
    std::string flipped = png;
    flipped[png.size() / 2] = static_cast<char>(flipped[png.size() / 2] ^ 0x5a);
    std::vector<uchar> encoded;
    cv::imencode(".jpg", test::drawDigit(5, test::Style{}), encoded);
    const std::string jpg(encoded.begin(), encoded.end());
    cv::imencode(".bmp", test::drawDigit(5, test::Style{}), encoded);
    const std::string bmp(encoded.begin(), encoded.end());
    std::string compression = bmp; // an unknown compression method
    compression[30] = 7;
    std::string restart = jpg; // a restart marker where none may be: corrupt data
    restart.replace(jpg.size() / 2, 3, "\xff\xd0\x21");
    const std::vector<std::pair<std::string, std::string>> broken = {
        {"cut.png", png.substr(0, png.size() / 2)},
        {"flipped.png", flipped},
        {"no-end.png", png.substr(0, png.size() - 12)},
        {"cut.jpg", jpg.substr(0, jpg.size() / 2)},
        {"restart.jpg", restart},
        {"tail.jpg", jpg.substr(0, jpg.size() - 2)},
        {"cut.bmp", bmp.substr(0, 20)},
        {"compression.bmp", compression}};
    for (const auto& [name, bytes] : broken) {
        test::writeText(dir / name, bytes);
        ::testing::internal::CaptureStderr();
        const std::string error = errorOf([&, &file = name] { readImage(dir / file); });
        EXPECT_EQ(::testing::internal::GetCapturedStderr(), "") << name << ": no library noise";
        EXPECT_THAT(error, HasSubstr(name)) << "the message names the file";
        EXPECT_THAT(error, ::testing::AnyOf(HasSubstr("truncated"), HasSubstr("corrupt"))) << name;
    }
    test::writeText(dir / "whole.jpg", jpg);
    EXPECT_EQ(readImage(dir / "whole.jpg").rows, 512) << "a whole JPEG is read";
}

// A 2x1 CMYK JPEG as Adobe writes it (inverted: 255 is no ink), written by libjpeg.
std::string cmykJpeg(const std::array<JSAMPLE, 8>& pixels)
{
    jpeg_compress_struct info{};
    jpeg_error_mgr errors{};
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = 2;
    info.image_height = 1;
    info.input_components = 4;
    info.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, 100, TRUE);
    jpeg_start_compress(&info, TRUE);
    std::array<JSAMPLE, 8> row = pixels;
    JSAMPROW rows[] = {row.data()};
    jpeg_write_scanlines(&info, rows, 1);
    jpeg_finish_compress(&info);
    std::string bytes(reinterpret_cast<const char*>(buffer), size);
    jpeg_destroy_compress(&info);
    std::free(buffer);
    return bytes;
}

TEST_F(ImageIo, ReadsGreyColourAndCmykJpegsAsOpenCvWould)
{
    cv::Mat colour(8, 8, CV_8UC3, cv::Scalar(200, 100, 30));
    std::vector<uchar> encoded;
    cv::imencode(".jpg", colour, encoded);
    const cv::Mat read = decodeImage(encoded, "colour.jpg");
    ASSERT_EQ(read.type(), CV_8UC3);
    EXPECT_LE(cv::norm(read, cv::imdecode(encoded, cv::IMREAD_UNCHANGED), cv::NORM_INF), 2);
    cv::imencode(".jpg", cv::Mat(8, 8, CV_8UC1, cv::Scalar(90)), encoded);
    EXPECT_EQ(decodeImage(encoded, "grey.jpg").type(), CV_8UC1);

    // White paper (no ink at all) and black ink (all of K).
    const std::string cmyk = cmykJpeg({255, 255, 255, 255, 255, 255, 255, 0});
    const cv::Mat bgr = decodeImage({cmyk.begin(), cmyk.end()}, "cmyk.jpg");
    ASSERT_EQ(bgr.type(), CV_8UC3);
    EXPECT_GE(bgr.at<cv::Vec3b>(0, 0)[1], 245) << "paper is white";
    EXPECT_LE(bgr.at<cv::Vec3b>(0, 1)[1], 10) << "ink is black";
}

// The pixels stored so that turning them as Exif `orientation` says gives `upright` back.
cv::Mat storedAs(const cv::Mat& upright, int orientation)
{
    cv::Mat stored;
    switch (orientation) {
    case 6: // shown turned clockwise: stored turned the other way
        cv::rotate(upright, stored, cv::ROTATE_90_COUNTERCLOCKWISE);
        return stored;
    case 8:
        cv::rotate(upright, stored, cv::ROTATE_90_CLOCKWISE);
        return stored;
    case 2:
        cv::flip(upright, stored, 1);
        return stored;
    case 3:
        cv::flip(upright, stored, -1);
        return stored;
    case 4:
        cv::flip(upright, stored, 0);
        return stored;
    case 5:
        cv::transpose(upright, stored);
        return stored;
    case 7:
        cv::transpose(upright, stored);
        cv::flip(stored, stored, -1);
        return stored;
    default:
        return upright.clone();
    }
}

TEST_F(ImageIo, TurnsAPhonesJpegUprightAsItsExifOrientationSays)
{
    // 64 wide, 32 tall, dark in its top-left quarter only: each of the eight orientations
    // stores it differently.
    cv::Mat upright(32, 64, CV_8UC1, cv::Scalar(255));
    upright(cv::Rect(0, 0, 32, 16)).setTo(0);
    for (const bool motorola : {true, false})
        for (int orientation = 1; orientation <= 8; ++orientation) {
            const cv::Mat read = decodeImage(
                test::jpegWithOrientation(storedAs(upright, orientation), orientation, motorola),
                "photo.jpg");
            ASSERT_EQ(read.size(), upright.size()) << orientation;
            EXPECT_LE(cv::norm(read, upright, cv::NORM_L1) / double(upright.total()), 4)
                << "orientation " << orientation << (motorola ? ", big-endian" : ", little-endian");
        }

    // Broken Exif data is passed over: the pixels are read as stored.
    const cv::Mat stored = storedAs(upright, 6);
    std::vector<unsigned char> broken = test::jpegWithOrientation(stored, 6, true);
    broken[2 + 4 + 6 + 7] = 0xF0; // the directory's offset points past the segment
    EXPECT_EQ(decodeImage(broken, "photo.jpg").size(), stored.size());
    broken = test::jpegWithOrientation(stored, 9, true); // no such orientation
    EXPECT_EQ(decodeImage(broken, "photo.jpg").size(), stored.size());
}

TEST_F(ImageIo, RefusesAJpegThatClaimsAHugeImage)
{
    std::vector<uchar> encoded;
    cv::imencode(".jpg", cv::Mat(8, 8, CV_8UC1, cv::Scalar(90)), encoded);
    for (std::size_t at = 2; at + 8 < encoded.size(); ++at)
        if (encoded[at] == 0xFF && encoded[at + 1] == 0xC0) { // the frame header: height, width
            encoded[at + 5] = encoded[at + 7] = 0x9c;
            encoded[at + 6] = encoded[at + 8] = 0x40;
        }
    EXPECT_THAT(errorOf([&] { decodeImage(encoded, "huge.jpg"); }),
                HasSubstr("too large: 40000x40000"));
}

TEST_F(ImageIo, ReportsAMissingOrUnwritableFolder)
{
    const cv::Mat img(28, 28, CV_8UC1, cv::Scalar(0));
    EXPECT_THAT(errorOf([&] { writePngAtomically(dir / "no" / "x.png", img); }),
                HasSubstr("does not exist"));
    if (geteuid() != 0) { // root writes anywhere
        std::filesystem::permissions(dir, std::filesystem::perms::owner_read |
                                              std::filesystem::perms::owner_exec);
        EXPECT_THAT(errorOf([&] { writePngAtomically(dir / "x.png", img); }),
                    HasSubstr("not writable"));
    }
}

TEST_F(ImageIo, SavesDrawingsUnderTheirLabelWithoutOverwriting)
{
    const cv::Mat img = test::drawDigit(2, test::Style{});
    std::tm when{};
    when.tm_year = 2026 - 1900;
    when.tm_mon = 10;
    when.tm_mday = 22;
    when.tm_hour = 14;
    when.tm_min = 5;
    when.tm_sec = 9;
    const std::time_t t = std::mktime(&when);
    const auto first = saveDrawing(dir, "2", img, t);
    const auto second = saveDrawing(dir, "2", img, t);
    EXPECT_EQ(first, dir / "2" / "2___2026-11-22_14-05-09.png");
    EXPECT_EQ(second, dir / "2" / "2___2026-11-22_14-05-09_2.png");
    EXPECT_EQ(cv::norm(readImage(second), img, cv::NORM_INF), 0);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "2"), {}), 2);
    EXPECT_THAT(errorOf([&] { saveDrawing(dir, "../x", img, t); }), HasSubstr("cannot be a label"));
    test::writeText(dir / "file", "x");
    EXPECT_THAT(errorOf([&] { saveDrawing(dir / "file", "3", img, t); }),
                HasSubstr("cannot create folder"));
}

TEST_F(ImageIo, PutsAnyImageOnWhitePaper)
{
    test::Style style;
    style.ink = test::Ink::Transparent;
    const cv::Mat paper = inkOnPaper(test::drawDigit(1, style));
    EXPECT_EQ(paper.type(), CV_8UC1);
    EXPECT_EQ(paper.at<uchar>(0, 0), 255);
    style.ink = test::Ink::DarkOnLight;
    EXPECT_LE(cv::norm(paper, inkOnPaper(test::drawDigit(1, style)), cv::NORM_INF), 1);
}

} // namespace
} // namespace dwn
