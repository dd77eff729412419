#include "network.h"

#include <cmath>

#include <torch/nn/init.h>

#include "dwn/error.h"

namespace dwn::detail {
namespace {

// Writes a TorchScript module's methods layer by layer: each call registers the layer's
// tensors and appends its line to the source.
class NetworkBuilder {
public:
    explicit NetworkBuilder(torch::jit::Module& module) : m_module(module) {}

    void line(const std::string& code) { m_body += "        " + code + "\n"; }

    // A convolution without bias, then BatchNorm (which makes the bias redundant).
    void convBn(int in, int out, int kernel, int padding)
    {
        const std::string c = "conv" + std::to_string(++m_layers);
        m_convs.push_back(c);
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

    void linear(int in, int out) { linear("fc" + std::to_string(++m_layers), in, out); }

    // Where the convolutional features end, flattened: what the misfit head reads.
    void featuresEnd(int size)
    {
        m_features = m_body;
        m_featureSize = size;
    }

    void defineForward()
    {
        m_module.define("def forward(self, x):\n" + m_body + "        return x\n");
    }

    // Registers the number heads' weights (freshly initialised) and the crop tower's (a copy of
    // the convolutions written, named kCropTower + their names), and defines `features`,
    // `crop_logits` (kCropLogitsMethod), `read_digits` (kReadDigitsMethod) and `read`
    // (kReadMethod) from the layers written.
    void defineNumberHeads(int classes)
    {
        registerLinear("misfit1", m_featureSize, kMisfitHidden);
        registerLinear("misfit2", kMisfitHidden, 1);
        registerLinear("crop1", m_featureSize, kCropHidden);
        registerLinear("crop2", kCropHidden, classes);
        for (const std::string& c : m_convs) {
            for (const char* part : {"_w", "_bn_w", "_bn_b"})
                m_module.register_parameter(kCropTower + c + part,
                                            copyOf(c + part).requires_grad_(), false);
            for (const char* part : {"_bn_mean", "_bn_var"})
                m_module.register_buffer(kCropTower + c + part, copyOf(c + part));
        }
        const std::string crop =
            "        c = torch.relu(torch.linear(x, self.crop1_w, self.crop1_b))\n"
            "        c = torch.dropout(c, 0.25, self.training)\n"
            "        c = torch.linear(c, self.crop2_w, self.crop2_b)\n";
        const std::string tower = cropTower();
        m_module.define("def features(self, x):\n" + m_features + "        return x\n");
        m_module.define("def " + std::string(kCropLogitsMethod) + "(self, x):\n" + tower + crop +
                        "        return c\n");
        const std::string misfit =
            m_features + "        f = x\n" + m_body.substr(m_features.size()) +
            "        m = torch.relu(torch.linear(f, self.misfit1_w, self.misfit1_b))\n"
            "        m = torch.dropout(m, 0.25, self.training)\n"
            "        m = torch.linear(m, self.misfit2_w, self.misfit2_b)\n";
        m_module.define("def " + std::string(kReadDigitsMethod) + "(self, x):\n" + misfit +
                        "        return x, m.flatten()\n");
        m_module.define("def " + std::string(kReadMethod) + "(self, x):\n        i = x\n" + misfit +
                        "        y = x\n        x = i\n" + tower + crop +
                        "        return y, m.flatten(), (y + c) / 2\n");
    }

private:
    void registerLinear(const std::string& name, int in, int out)
    {
        auto weight = torch::empty({out, in});
        torch::nn::init::kaiming_normal_(weight, 0, torch::kFanIn, torch::kReLU);
        m_module.register_parameter(name + "_w", weight.requires_grad_(), false);
        m_module.register_parameter(name + "_b", torch::zeros({out}).requires_grad_(), false);
    }

    void linear(const std::string& f, int in, int out)
    {
        registerLinear(f, in, out);
        line("x = torch.linear(x, self." + f + "_w, self." + f + "_b)");
    }

    torch::Tensor copyOf(const std::string& name) const
    {
        return m_module.attr(name).toTensor().detach().clone();
    }

    // The convolutional features' code run on the crop tower's weights.
    std::string cropTower() const
    {
        std::string tower = m_features;
        const std::string from = "self.conv", to = std::string("self.") + kCropTower + "conv";
        for (std::size_t at = tower.find(from); at != std::string::npos;
             at = tower.find(from, at + to.size()))
            tower.replace(at, from.size(), to);
        return tower;
    }

    torch::jit::Module& m_module;
    std::vector<std::string> m_convs; // the convolutions' names, in order
    std::string m_body, m_features;
    int m_layers = 0, m_featureSize = 0;
};

// The module's class name for `arch`; throws dwn::Error for an unknown architecture.
std::string classOf(const std::string& arch)
{
    if (arch == "dwn")
        return "DwnDigitNet";
    if (arch == "seed")
        return "SeedDigitNet";
    throw Error("unknown architecture '" + arch + "': use one of " + kArchitectures);
}

// Writes the layers of `arch` into `net`.
void writeLayers(NetworkBuilder& net, const std::string& arch)
{
    if (arch == "dwn") {
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
        net.featuresEnd(64 * 3 * 3);
        net.line("x = torch.dropout(x, 0.25, self.training)");
        net.linear(64 * 3 * 3, 128);
        net.line("x = torch.relu(x)");
        net.line("x = torch.dropout(x, 0.25, self.training)");
        net.linear(128, 10);
        return;
    }
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
    net.featuresEnd(400);
    net.linear(400, 120);
    net.line("x = torch.relu(x)");
    net.linear(120, 84);
    net.line("x = torch.relu(x)");
    net.linear(84, 10);
}

// A freshly initialised network of `arch` in training mode, with the number heads or without.
torch::jit::Module freshNetwork(const std::string& arch, bool heads)
{
    torch::jit::Module module(classOf(arch));
    module.register_attribute("training", c10::BoolType::get(), true);
    NetworkBuilder net(module);
    writeLayers(net, arch);
    net.defineForward();
    if (heads)
        net.defineNumberHeads(10);
    module.train();
    return module;
}

} // namespace

torch::jit::Module buildNetwork(const std::string& arch)
{
    return freshNetwork(arch, false);
}

bool hasMisfitHead(const torch::jit::Module& net)
{
    return net.find_method(kReadMethod).has_value();
}

bool hasCropHead(const torch::jit::Module& net)
{
    return net.hasattr(std::string(kCropTower) + "conv1_w");
}

void addNumberHeads(torch::jit::Module& net)
{
    if (hasCropHead(net))
        return;
    const std::string name = net.type()->name() ? net.type()->name()->name() : "";
    std::string arch;
    for (const char* known : {"dwn", "seed"})
        if (name == classOf(known))
            arch = known;
    if (arch.empty())
        throw Error("number heads can be added only to a network dwn train built (" +
                    std::string(kArchitectures) + "), not to '" + name + "'");
    // A TorchScript class cannot take a second `read` (a model with the misfit head alone has
    // one): the heads go on a network built afresh, which takes the trained weights.
    torch::jit::Module fresh = freshNetwork(arch, true);
    fresh.train(net.is_training());
    const torch::Device device = (*net.parameters().begin()).device();
    fresh.to(device);
    torch::NoGradGuard noGrad;
    for (const auto& p : net.named_parameters(false))
        fresh.attr(p.name).toTensor().copy_(p.value);
    for (const auto& b : net.named_buffers(false))
        fresh.attr(b.name).toTensor().copy_(b.value);
    // The crop tower starts from the trained convolutions.
    for (const auto& t : fresh.named_attributes(false))
        if (t.value.isTensor() && t.name.rfind(std::string(kCropTower) + "conv", 0) == 0)
            t.value.toTensor().copy_(
                fresh.attr(t.name.substr(std::string(kCropTower).size())).toTensor());
    net = fresh;
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
