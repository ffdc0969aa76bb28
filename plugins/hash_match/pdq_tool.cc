// `postern pdq FILE...`: one "<64 hex digits> <quality> <path>" line per file, hashing
// the stored pixels as PDQ's reference tool does, so output compares with its lists.
#include <iostream>

#include "gateway/tool.h"
#include "plugins/hash_match/pdq.h"

namespace postern::hash_match {
namespace {

int RunPdqTool(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "usage: postern pdq FILE...\n";
    return 2;
  }
  int failures = 0;
  for (const std::string& path : args) {
    cv::Mat pixels;
    Status s = ReadImageForPdq(path, &pixels);
    if (!s.ok()) {
      std::cerr << "postern pdq: " << s.message() << "\n";
      ++failures;
      continue;
    }
    PdqResult r = PdqHash(pixels);
    std::cout << r.hash.ToHex() << ' ' << r.quality << ' ' << path << '\n';
  }
  return failures ? 1 : 0;
}

}  // namespace

POSTERN_REGISTER_TOOL(pdq, "pdq", "pdq FILE...  print each image's PDQ hash, quality and path",
                      RunPdqTool);

}  // namespace postern::hash_match
