#include "tests/support/test_server.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <curl/curl.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "gateway/base/util.h"
#include "tests/support/ports.h"
#include "tests/support/postgres_cluster.h"

namespace postern::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary);
  f << data;
}

std::string Base64(const std::string& bytes) { return Base64Encode(bytes); }

bool TestStorageIsPostgres() {
  const char* v = std::getenv("POSTERN_TEST_STORAGE");
  return v && std::string(v) == "postgres";
}

int64_t CountRows(const std::string& db_path, const std::string& table) {
  if (db_path.rfind("host=", 0) == 0) return CountPostgresRows(db_path, table);
  sqlite3* db = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, ("SELECT COUNT(*) FROM " + table).c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

std::string MakeImage(int w, int h, const std::string& ext, int seed) {
  cv::Mat small(std::max(2, h / 16), std::max(2, w / 16), CV_8UC3);
  cv::RNG rng(seed);
  rng.fill(small, cv::RNG::UNIFORM, 0, 255);
  cv::Mat img;
  cv::resize(small, img, cv::Size(w, h), 0, 0, cv::INTER_CUBIC);
  std::vector<uchar> buf;
  cv::imencode(ext, img, buf);
  return std::string(buf.begin(), buf.end());
}

json HttpResult::Json() const { return json::parse(body, nullptr, false); }

static size_t WriteCb(char* p, size_t s, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, s * n);
  return s * n;
}

static size_t HeaderCb(char* p, size_t s, size_t n, void* out) {
  std::string line(p, s * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string k = line.substr(0, colon), v = line.substr(colon + 1);
    for (auto& c : k) c = static_cast<char>(tolower(c));
    while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(out))[k] = v;
  }
  return s * n;
}

HttpResult Http(const std::string& method, const std::string& url, const std::string& body,
                const std::string& key, const std::vector<std::string>& extra_headers) {
  HttpResult r;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  if (method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);  // else curl waits for a body
  else curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (method == "POST" || method == "PATCH" || method == "PUT" || !body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  struct curl_slist* hs = nullptr;
  hs = curl_slist_append(hs, "Content-Type: application/json");
  hs = curl_slist_append(hs, "Expect:");
  if (!key.empty()) hs = curl_slist_append(hs, ("Authorization: Bearer " + key).c_str());
  for (const auto& h : extra_headers) hs = curl_slist_append(hs, h.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, WriteCb);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, HeaderCb);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  else r.status = -1;
  curl_slist_free_all(hs);
  curl_easy_cleanup(c);
  return r;
}

std::string TestServer::DefaultPlugins() {
  return R"(
  - name: image_guard
    config: {max_width: 4096, max_height: 4096, max_pixels: 16777216}
  - name: account_standing
    on_error: hold
)";
}

std::string TestServer::TextPolicyPlugins() {
  return R"(
  - name: image_guard
  - name: account_standing
  - name: text_policy
    config:
      lists: ["{src}/config/textpolicy"]
      extra_terms:
        - {term: zorbleflux, category: illegal, action: reject}
        - {term: quibbleworth, category: harassment, action: hold}
)";
}

TestServer::TestServer(std::string plugins_yaml, std::string extra_yaml)
    : plugins_yaml_(std::move(plugins_yaml)), extra_yaml_(std::move(extra_yaml)) {
  char tmpl[] = "/tmp/postern-test-XXXXXX";
  dir_ = mkdtemp(tmpl);
  port_ = FreeLoopbackPort();
  storage_ = TestStorageIsPostgres() ? PostgresCluster::Shared().CreateDatabase("srv") : dir_ + "/var/postern.db";
}

TestServer::~TestServer() {
  Stop();
  if (!std::getenv("POSTERN_KEEP_TEST_DIRS")) {
    std::string cmd = "rm -rf '" + dir_ + "'";
    if (system(cmd.c_str()) != 0) {}
  }
}

static std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) s.replace(i, from.size(), to);
  return s;
}

std::string TestServer::ConfigYaml(const std::string& plugins_yaml, const std::string& extra_yaml) const {
  std::ostringstream y;
  y << "server:\n  listen: \"127.0.0.1:" << port_ << "\"\n  max_body_bytes: 8388608\n  workers: 2\n"
    << "  assets_dir: " << AssetsDir() << "\n"
    << "  web_dir: " << SourceDir() << "/web\n"
    << "storage:\n"
    << (TestStorageIsPostgres() ? "  postgres: {dsn: \"" + storage_ + "\", pool_size: 4}\n" : "  sqlite: " + storage_ + "\n")
    << "auth:\n  keys:\n"
    << "    - {name: product-app, role: product, sha256: " << Sha256Hex(kProductKey) << "}\n"
    << "    - {name: rita-reviewer, role: reviewer, sha256: " << Sha256Hex(kReviewerKey) << "}\n"
    << "    - {name: carl-curator, role: curator, sha256: " << Sha256Hex(kCuratorKey) << "}\n"
    << "    - {name: ada-admin, role: admin, sha256: " << Sha256Hex(kAdminKey) << "}\n"
    << "plugins:" << plugins_yaml << "\n";
  std::string extra = extra_yaml;
  if (extra.find("connectors:") == std::string::npos) extra += "\nconnectors:\n  - name: showcase\n";
  if (extra.find("review:") == std::string::npos)
    extra += "\nreview:\n  strikes_to_deactivate: 3\n  strike_window_days: 30\n";
  y << Replace(extra, "{dir}", dir_) << "\n";
  return Replace(Replace(y.str(), "{dir}", dir_), "{src}", SourceDir());
}

void TestServer::Start() {
  if (access(config_path().c_str(), F_OK) != 0) WriteFile(config_path(), ConfigYaml(plugins_yaml_, extra_yaml_));
  const char* bin = std::getenv("POSTERN_BIN");
  if (!bin) throw std::runtime_error("POSTERN_BIN is not set (run through ctest)");
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(bin, bin, "serve", "--config", config_path().c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 300; ++i) {
    if (Get("/healthz").status == 200) return;
    int st;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("postern exited at start; log:\n" + ReadFile(log_path()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("postern did not become healthy; log:\n" + ReadFile(log_path()));
}

void TestServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int st;
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, &st, WNOHANG) == pid_) { pid_ = -1; return; }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &st, 0);
  pid_ = -1;
}

void TestServer::Signal(int sig) { if (pid_ > 0) kill(pid_, sig); }

bool TestServer::Running() {
  if (pid_ <= 0) return false;
  int st;
  return waitpid(pid_, &st, WNOHANG) == 0;
}

std::string TestServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}
HttpResult TestServer::Get(const std::string& path, const std::string& key) const {
  return Http("GET", url(path), "", key);
}
HttpResult TestServer::Post(const std::string& path, const json& body, const std::string& key,
                            const std::vector<std::string>& headers) const {
  return Http("POST", url(path), body.dump(), key, headers);
}
HttpResult TestServer::PostRaw(const std::string& path, const std::string& body, const std::string& key,
                               const std::vector<std::string>& headers) const {
  return Http("POST", url(path), body, key, headers);
}
HttpResult TestServer::Patch(const std::string& path, const json& body, const std::string& key) const {
  return Http("PATCH", url(path), body.dump(), key);
}
HttpResult TestServer::Share(const std::string& user, const std::string& prompt,
                             const std::string& image_bytes, const std::vector<std::string>& headers) const {
  json body = {{"user_id", user}, {"prompt", prompt}, {"image", Base64(image_bytes)}};
  return Post("/v1/shares", body, kProductKey, headers);
}

}  // namespace postern::testing
