#include "plugins/common/image_models/model_file.h"

#include <fstream>
#include <sstream>

#include <openssl/evp.h>

namespace postern::image_models {

std::string FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) EVP_DigestUpdate(ctx, buf.data(), static_cast<size_t>(in.gcount()));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

Status CheckModelFile(const std::string& path, const std::string& sha256) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError("model file " + path +
                                              " not found; run scripts/fetch-assets");
  }
  if (!sha256.empty()) {
    std::string got = FileSha256(path);
    if (got != sha256) {
      return Status::Corruption("model file " + path + " has SHA-256 " + got +
                                                 ", expected " + sha256 +
                                                 "; delete it and run scripts/fetch-assets");
    }
  }
  return Status::OK();
}

std::string ResolveModelPath(const std::string& base, const std::string& path) {
  if (path.empty() || path[0] == '/' || base.empty()) return path;
  return base + (base.back() == '/' ? "" : "/") + path;
}

Status ReadOnnx(const std::string& path, cv::dnn::Net* net) {
  try {
    *net = cv::dnn::readNetFromONNX(path);
  } catch (const cv::Exception& e) {
    return Status::Corruption("cannot load ONNX model " + path + ": " + e.what() +
                                              "; run scripts/fetch-assets");
  }
  if (net->empty()) {
    return Status::Corruption("ONNX model " + path + " is empty");
  }
  net->setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net->setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  return Status::OK();
}

Status NetPool::Load(const std::string& path, int copies) {
  nets_.clear();
  busy_.clear();
  for (int i = 0; i < std::max(1, copies); ++i) {
    cv::dnn::Net net;
    Status st = ReadOnnx(path, &net);
    if (!st.ok()) return st;
    nets_.push_back(net);
    busy_.push_back(false);
  }
  return Status::OK();
}

std::unique_ptr<NetPool::Lease> NetPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  size_t index = 0;
  cv_.wait(lock, [&] {
    for (size_t i = 0; i < busy_.size(); ++i) {
      if (!busy_[i]) {
        index = i;
        return true;
      }
    }
    return false;
  });
  busy_[index] = true;
  return std::make_unique<Lease>(this, index);
}

void NetPool::Release(size_t index) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    busy_[index] = false;
  }
  cv_.notify_one();
}

}  // namespace postern::image_models
