#include "connectors/webhook/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "gateway/base/util.h"

namespace postern::webhook {

bool ParseSecret(const std::string& secret, std::string* key, std::string* error) {
  std::string b64 = secret.rfind("whsec_", 0) == 0 ? secret.substr(6) : secret;
  if (!Base64Decode(b64, key)) {
    *error = "secret must be \"whsec_\" followed by standard base64";
    return false;
  }
  if (key->size() < 24 || key->size() > 64) {
    *error = "secret must decode to 24..64 bytes (got " + std::to_string(key->size()) + ")";
    return false;
  }
  return true;
}

std::string Sign(const std::string& key, const std::string& msg_id, int64_t timestamp,
                 const std::string& body) {
  const std::string content = msg_id + "." + std::to_string(timestamp) + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &len);
  return "v1," + Base64Encode(std::string(reinterpret_cast<char*>(mac), len));
}

}  // namespace postern::webhook
