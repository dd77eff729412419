#include "runtime.h"

#include <mutex>

#include <dlfcn.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace dwn::detail {

void prepareCpuRuntime()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Present only when LibTorch's BLAS is OpenBLAS; the reference BLAS has no threads.
        using SetThreads = void (*)(int);
        if (auto set =
                reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
            set(1);
#if defined(__GLIBC__)
        // 32 MiB is the largest mmap threshold glibc accepts; a training batch's biggest tensor
        // is under half of it. The heap is trimmed only beyond 256 MiB free at its top.
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    });
}

} // namespace dwn::detail
