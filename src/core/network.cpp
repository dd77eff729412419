#include "network.h"

#include <cmath>

#include <torch/nn/init.h>

#include "dwn/error.h"

namespace dwn::detail {
namespace {

// Builds a TorchScript module layer by layer: each call registers the layer's tensors and
// appends its line to the forward method's source.
class NetworkBuilder {
public:
    explicit NetworkBuilder(const std::string& name) : m_module(name)
    {
        m_module.register_attribute("training", c10::BoolType::get(), true);
    }

    void line(const std::string& code) { m_body += "        " + code + "\n"; }

    // A convolution without bias, then BatchNorm (which makes the bias redundant).
    void convBn(int in, int out, int kernel, int padding)
    {
        const std::string c = "conv" + std::to_string(++m_layers);
        auto weight = torch::empty({out, in, kernel, kernel});
        torch::nn::init::kaiming_normal_(weight, 0, torch::kFanIn, torch::kReLU);
        m_module.register_parameter(c + "_w", weight.requires_grad_(), false);
        m_module.register_parameter(c + "_bn_w", torch::ones({out}).requires_grad_(), false);
        m_module.register_parameter(c + "_bn_b", torch::zeros({out}).requires_grad_(), false);
        m_module.register_buffer(c + "_bn_mean", torch::zeros({out}));
        m_module.register_buffer(c + "_bn_var", torch::ones({out}));
        const std::string p = std::to_string(padding);
        line("x = torch.conv2d(x, self." + c + "_w, None, [1, 1], [" + p + ", " + p + "])");
        line("x = torch.batch_norm(x, self." + c + "_bn_w, self." + c + "_bn_b, self." + c +
             "_bn_mean, self." + c + "_bn_var, self.training, 0.1, 1e-5, False)");
    }

    void linear(int in, int out)
    {
        const std::string f = "fc" + std::to_string(++m_layers);
        auto weight = torch::empty({out, in});
        torch::nn::init::kaiming_normal_(weight, 0, torch::kFanIn, torch::kReLU);
        m_module.register_parameter(f + "_w", weight.requires_grad_(), false);
        m_module.register_parameter(f + "_b", torch::zeros({out}).requires_grad_(), false);
        line("x = torch.linear(x, self." + f + "_w, self." + f + "_b)");
    }

    torch::jit::Module finish()
    {
        m_module.define("def forward(self, x):\n" + m_body + "        return x\n");
        m_module.train();
        return m_module;
    }

private:
    torch::jit::Module m_module;
    std::string m_body;
    int m_layers = 0;
};

} // namespace

torch::jit::Module buildNetwork(const std::string& arch)
{
    if (arch == "dwn") {
        NetworkBuilder net("DwnDigitNet");
        // MNIST's mean and standard deviation of 0..1 pixels, so that inputs are 0..255.
        net.line("x = (x / 255.0 - 0.1307) / 0.3081");
        net.convBn(1, 32, 5, 2); // 28x28
        // Training only: channels-last pooling and BatchNorm ran a forward and backward pass
        // 30% faster on the CPU; inference (frozen, without this branch) lets oneDNN choose.
        net.line("if self.training:"); // memory format 2: channels-last
        net.line("    x = x.contiguous(memory_format=2)");
        net.line("x = torch.relu(x)");
        net.line("x = torch.max_pool2d(x, [2, 2])");
        net.convBn(32, 32, 3, 1); // 14x14
        net.line("x = torch.relu(x)");
        net.line("x = torch.max_pool2d(x, [2, 2])");
        net.convBn(32, 64, 3, 1); // 7x7
        net.line("x = torch.relu(x)");
        net.line("x = torch.max_pool2d(x, [2, 2])"); // 3x3
        net.line("x = torch.flatten(x, 1)");
        net.line("x = torch.dropout(x, 0.25, self.training)");
        net.linear(64 * 3 * 3, 128);
        net.line("x = torch.relu(x)");
        net.line("x = torch.dropout(x, 0.25, self.training)");
        net.linear(128, 10);
        return net.finish();
    }
    if (arch == "seed") {
        NetworkBuilder net("SeedDigitNet");
        const std::string leaky = "x = torch.leaky_relu(x, 0.001)";
        net.convBn(1, 10, 3, 0); // 28 -> 26
        net.line(leaky);
        net.convBn(10, 20, 3, 0); // -> 24
        net.line(leaky);
        net.line("x = torch.max_pool2d(x, [2, 2])"); // -> 12
        net.convBn(20, 24, 3, 1);                    // -> 12
        net.line(leaky);
        net.convBn(24, 16, 3, 0); // -> 10
        net.line(leaky);
        net.line("x = torch.max_pool2d(x, [2, 2])"); // -> 5
        net.line("x = torch.flatten(x, 1)");
        net.linear(400, 120);
        net.line("x = torch.relu(x)");
        net.linear(120, 84);
        net.line("x = torch.relu(x)");
        net.linear(84, 10);
        return net.finish();
    }
    throw Error("unknown architecture '" + arch + "': use one of " + kArchitectures);
}

std::string describeNetwork(const std::string& arch)
{
    if (arch == "dwn")
        return "dwn: conv5x5(32)-pool-conv3x3(32)-pool-conv3x3(64)-pool-fc(128)-fc(10), "
               "BatchNorm and ReLU, dropout 0.25, 3.4M multiply-adds; normalisation inside";
    if (arch == "seed")
        return "seed: [conv3x3-BN-LeakyReLU]x2-pool (1-10-20), [conv3x3-BN-LeakyReLU]x2-pool "
               "(20-24-16), fc 400-120-84-10; raw 0..255 input";
    throw Error("unknown architecture '" + arch + "': use one of " + kArchitectures);
}

} // namespace dwn::detail
