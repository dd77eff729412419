#include "tiny_model.h"

#include <fstream>

#include <torch/script.h>

namespace dwn::test {

void saveTemplateModel(const std::filesystem::path& file, const std::map<int, cv::Mat>& templates)
{
    auto weight = torch::zeros({10, 784});
    for (const auto& [digit, image] : templates) {
        CV_Assert(image.type() == CV_8UC1 && image.total() == 784);
        cv::Mat f;
        image.convertTo(f, CV_32F);
        auto row = torch::from_blob(f.data, {784}, torch::kFloat).clone();
        weight[digit] = row / row.norm();
    }
    torch::jit::Module m("TemplateMatcher");
    m.register_parameter("weight", weight, false);
    m.define(R"(
def forward(self, x):
    v = x.reshape([x.size(0), 784])
    v = v / (torch.sqrt((v * v).sum(1, keepdim=True)) + 1e-6)
    return torch.mm(v, self.weight.t()) * 10.0
)");
    m.save(file.string());
}

void saveFixedReaderModel(const std::filesystem::path& file, const std::vector<float>& digitLogits,
                          const std::vector<float>& cropLogits)
{
    torch::jit::Module m("FixedReader");
    m.register_buffer("digits", torch::tensor(digitLogits).reshape({1, 10}));
    m.register_buffer("crops", torch::tensor(cropLogits).reshape({1, 10}));
    m.define(R"(
def forward(self, x):
    return self.digits.expand(x.size(0), 10) + 0.0

def read(self, x):
    n = x.size(0)
    return (self.forward(x), torch.zeros([n]), self.crops.expand(n, 10) + 0.0)

def read_digits(self, x):
    return (self.forward(x), torch.ones([x.size(0)]))
)");
    m.save(file.string());
}

void saveFiveClassModel(const std::filesystem::path& file)
{
    torch::jit::Module m("FiveClasses");
    m.register_parameter("weight", torch::ones({5, 784}), false);
    m.define(R"(
def forward(self, x):
    return torch.mm(x.reshape([x.size(0), 784]), self.weight.t())
)");
    m.save(file.string());
}

void writeText(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream(file) << text;
}

} // namespace dwn::test
