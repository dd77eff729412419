#include "sha256.h"

#include <array>
#include <fstream>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "dwn/error.h"

namespace dwn::detail {
namespace {

// A SHA-256 digest in progress, by OpenSSL's EVP interface.
class Digest {
public:
    Digest() : m_context(EVP_MD_CTX_new(), &EVP_MD_CTX_free)
    {
        if (!m_context || EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr) != 1)
            throw Error("SHA-256 is not available from OpenSSL");
    }
    Digest(const Digest&) = delete;
    Digest& operator=(const Digest&) = delete;

    // OpenSSL keeps an error queue for each thread that used it (904 bytes) until the thread
    // ends; a pool thread that loaded a model may still be running when the program exits, and
    // the leak checker then reported the queue now and then. It is given back at once.
    ~Digest()
    {
        m_context.reset();
        OPENSSL_thread_stop();
    }

    void update(const void* data, std::size_t n)
    {
        if (EVP_DigestUpdate(m_context.get(), data, n) != 1)
            throw Error("SHA-256 failed in OpenSSL");
    }

    // The lower-case hex digest.
    std::string hex()
    {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int size = 0;
        if (EVP_DigestFinal_ex(m_context.get(), digest.data(), &size) != 1)
            throw Error("SHA-256 failed in OpenSSL");
        static const char kHex[] = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < size; ++i) {
            out += kHex[digest[i] >> 4];
            out += kHex[digest[i] & 15];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> m_context;
};

} // namespace

std::string sha256File(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot read '" + file.string() + "'");
    Digest digest;
    std::array<char, 1 << 16> buffer{};
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0)
        digest.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad())
        throw Error("cannot read '" + file.string() + "'");
    return digest.hex();
}

std::string sha256(const std::string& bytes)
{
    Digest digest;
    digest.update(bytes.data(), bytes.size());
    return digest.hex();
}

} // namespace dwn::detail
