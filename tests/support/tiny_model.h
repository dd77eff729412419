#pragma once
// Tiny TorchScript models that keep the model contract, built in C++ for the tests.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace dwn::test {

// A template matcher: logit k = 10 * cosine(input, template of digit k), 0 for digits without
// a template. Input 0..255 [N,1,28,28], logits [N,10]. Saved to `file`.
void saveTemplateModel(const std::filesystem::path& file, const std::map<int, cv::Mat>& templates);

// A model that answers every image alike: forward gives `digitLogits`, and its read method the
// same, a misfit logit of 0 and `cropLogits` as its crop reading (the number heads' contract).
void saveFixedReaderModel(const std::filesystem::path& file, const std::vector<float>& digitLogits,
                          const std::vector<float>& cropLogits);

// A model whose output has the wrong shape: [N,5].
void saveFiveClassModel(const std::filesystem::path& file);

// Writes `text` to `file`.
void writeText(const std::filesystem::path& file, const std::string& text);

} // namespace dwn::test
