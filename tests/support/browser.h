// Test support for the real-browser tests: what is missing to run them, and running one
// of their node scripts (playwright-core driving Debian's chromium) to completion.
#pragma once

#include <string>
#include <vector>

namespace postern::testing {

// "" if node, the npm `packages` and the chromium binary ($POSTERN_CHROMIUM, else
// /usr/bin/chromium) are there, else what is missing and how to get it.
std::string BrowserMissing(const std::vector<std::string>& packages);

// Runs `node <script> <args...>` with the tests' node packages on NODE_PATH; returns its
// exit code (-1 if it did not exit) and puts stdout and stderr in *output.
int RunNodeScript(const std::string& script, const std::vector<std::string>& args, std::string* output);

// Where a test binary's artefacts go: <dir of $POSTERN_BIN>/test-artifacts/<name>.
std::string ArtifactDir(const std::string& name);

}  // namespace postern::testing
