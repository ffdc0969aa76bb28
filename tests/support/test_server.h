// Test support: starts the real `postern serve` binary on a free loopback port with a
// config written to a fresh temp directory, and talks HTTP to it with libcurl.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

#include "gateway/schema.h"
#include "tests/support/paths.h"

namespace postern::testing {

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);
std::string Base64(const std::string& bytes);
// SELECT COUNT(*) FROM `table` in the database at `db_path`: a SQLite file, or a
// PostgreSQL connection string (what TestServer::db_path() gives on either backend).
int64_t CountRows(const std::string& db_path, const std::string& table);
// True when POSTERN_TEST_STORAGE=postgres: TestServer then configures storage.postgres,
// a fresh database per server on the test binary's shared throwaway cluster.
bool TestStorageIsPostgres();
// An encoded image (".png", ".jpg", ".webp") of w x h with smooth coloured noise.
std::string MakeImage(int w, int h, const std::string& ext = ".png", int seed = 1);

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  json Json() const;
};

// One HTTP request; `key` becomes "Authorization: Bearer key" when non-empty.
HttpResult Http(const std::string& method, const std::string& url, const std::string& body = "",
                const std::string& key = "", const std::vector<std::string>& extra_headers = {});

// The API keys every test config grants, by role.
inline const char* kProductKey = "test-product-key";
inline const char* kReviewerKey = "test-reviewer-key";
inline const char* kCuratorKey = "test-curator-key";
inline const char* kAdminKey = "test-admin-key";

class TestServer {
 public:
  // `plugins_yaml` and `extra_yaml` replace the defaults of the generated config
  // (see DefaultPlugins()); `{dir}` in them becomes the server's temp dir and `{src}`
  // the repo root.
  explicit TestServer(std::string plugins_yaml = DefaultPlugins(), std::string extra_yaml = "");
  ~TestServer();

  // A plugin chain of image_guard and account_standing.
  static std::string DefaultPlugins();
  // image_guard, account_standing and text_policy with two made-up terms: zorbleflux
  // (category illegal, rejects) and quibbleworth (harassment, holds).
  static std::string TextPolicyPlugins();

  // Stores in `db_path` (another server's db_path()) instead of its own database, so
  // several servers run as instances of one gateway. Call before the first Start().
  void UseStorage(const std::string& db_path) { storage_ = db_path; }
  void Start();               // writes config (if absent), starts, waits for /healthz
  void Stop();                // SIGTERM and wait
  void Restart() { Stop(); Start(); }
  void Signal(int sig);
  bool Running();

  std::string url(const std::string& path) const;
  HttpResult Get(const std::string& path, const std::string& key = "") const;
  HttpResult Post(const std::string& path, const json& body, const std::string& key,
                  const std::vector<std::string>& headers = {}) const;
  HttpResult PostRaw(const std::string& path, const std::string& body, const std::string& key,
                     const std::vector<std::string>& headers = {}) const;
  HttpResult Patch(const std::string& path, const json& body, const std::string& key) const;

  // POST /v1/shares with a generated image; returns the response.
  HttpResult Share(const std::string& user, const std::string& prompt, const std::string& image_bytes,
                   const std::vector<std::string>& headers = {}) const;

  const std::string& dir() const { return dir_; }
  std::string config_path() const { return dir_ + "/postern.yaml"; }
  // The SQLite file, or the PostgreSQL connection string (TestStorageIsPostgres()).
  const std::string& db_path() const { return storage_; }
  std::string log_path() const { return dir_ + "/postern.log"; }
  int port() const { return port_; }
  // Builds the config text for the given plugin section.
  std::string ConfigYaml(const std::string& plugins_yaml, const std::string& extra_yaml) const;

 private:
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string storage_;
  std::string plugins_yaml_, extra_yaml_;
};

}  // namespace postern::testing
