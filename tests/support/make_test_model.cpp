// make_test_model OUTDIR DIGIT=IMAGE…: writes OUTDIR/dwn.pt, a template matcher whose
// templates are the preprocessed images, and OUTDIR/data.json with a logit threshold of 9
// (cosine 0.9). The CLI tests run `dwn recognize` with it.

#include <filesystem>
#include <iostream>
#include <map>

#include "dwn/image_io.h"
#include "dwn/preprocess.h"
#include "tiny_model.h"

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: make_test_model OUTDIR DIGIT=IMAGE...\n";
        return 2;
    }
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    std::map<int, cv::Mat> templates;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.size() < 3 || arg[1] != '=') {
            std::cerr << "make_test_model: expected DIGIT=IMAGE, got " << arg << "\n";
            return 2;
        }
        templates[arg[0] - '0'] = dwn::preprocess(dwn::readImage(arg.substr(2))).image;
    }
    dwn::test::saveTemplateModel(out / "dwn.pt", templates);
    dwn::test::writeText(out / "data.json", R"({"trusted_threshold": 9.0})");
    return 0;
}
