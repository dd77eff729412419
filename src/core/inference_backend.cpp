#include "inference_backend.h"

#include <mutex>

#include <dlfcn.h>

#include "dwn/error.h"

namespace dwn::detail {
namespace {

namespace fs = std::filesystem;

const char* const kModule = "libdwn-torch.so";

// The module's entry point, from the first place that holds it; the module stays loaded.
MakeBackend entryPoint()
{
    static std::once_flag once;
    static MakeBackend make = nullptr;
    static std::string problem;
    std::call_once(once, [] {
        std::error_code ec;
        const fs::path program = fs::read_symlink("/proc/self/exe", ec);
        const fs::path beside = program.parent_path().parent_path() / "lib/detect-written-number";
        for (const fs::path& place :
             {beside / kModule, fs::path(DWN_INSTALLED_BACKEND) / kModule}) {
            if (!fs::exists(place, ec))
                continue;
            void* handle = dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!handle) {
                problem = dlerror();
                return;
            }
            make = reinterpret_cast<MakeBackend>(dlsym(handle, kMakeBackend));
            if (!make)
                problem = "'" + place.string() + "' has no " + kMakeBackend;
            return;
        }
        problem = std::string(kModule) + " is neither in '" + beside.string() + "' nor in '" +
                  DWN_INSTALLED_BACKEND + "'";
    });
    if (!make)
        throw Error("the LibTorch inference module could not be loaded: " + problem);
    return make;
}

} // namespace

std::unique_ptr<InferenceBackend> loadBackend(const BackendOptions& options)
{
    return std::unique_ptr<InferenceBackend>(entryPoint()(options));
}

} // namespace dwn::detail
